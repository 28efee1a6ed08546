import { AddCompanyMemberRequest, CompanyResponse, CorporateCardRequest } from '@credits/contracts/http';
import { CurrentActor, ParseIdPipe, ParseUserIdPipe, type RequestActor } from '@credits/platform';
import { Body, Controller, Delete, HttpCode, Inject, Param, Post, Put, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Response } from 'express';
import { MEMBERSHIP_CLOCK, type MembershipClock } from '../shared/membership-clock';
import { withEventIds } from '../shared/membership-command';
import type { CompanyMemberChange } from '@credits/membership-domain';
import { ManageCompanyMembersCommand, type ManageCompanyMembersResult } from './manage-company-members.handler';

@Controller('v1/locations/:locationId/companies/:companyId')
export class ManageCompanyMembersController {
  constructor(private readonly commands: CommandBus, @Inject(MEMBERSHIP_CLOCK) private readonly clock: MembershipClock) {}

  private async run(actor: RequestActor, locationId: string, companyId: string, userId: string, change: CompanyMemberChange, res: Response): Promise<CompanyResponse> {
    const command = new ManageCompanyMembersCommand(actor, locationId, companyId, userId, change, this.clock.now());
    return withEventIds(res, await this.commands.execute<ManageCompanyMembersCommand, ManageCompanyMembersResult>(command));
  }

  @Post('members')
  @HttpCode(201)
  async addMember(
    @CurrentActor() actor: RequestActor,
    @Param('locationId', ParseIdPipe('location')) locationId: string,
    @Param('companyId') companyId: string,
    @Body() body: AddCompanyMemberRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CompanyResponse> {
    return this.run(actor, locationId, companyId, body.userId, { kind: 'add-member' }, res);
  }

  @Delete('members/:userId')
  async removeMember(
    @CurrentActor() actor: RequestActor,
    @Param('locationId', ParseIdPipe('location')) locationId: string,
    @Param('companyId') companyId: string,
    @Param('userId', ParseUserIdPipe) userId: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CompanyResponse> {
    return this.run(actor, locationId, companyId, userId, { kind: 'remove-member' }, res);
  }

  @Put('managers/:userId')
  async appointManager(
    @CurrentActor() actor: RequestActor,
    @Param('locationId', ParseIdPipe('location')) locationId: string,
    @Param('companyId') companyId: string,
    @Param('userId', ParseUserIdPipe) userId: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CompanyResponse> {
    return this.run(actor, locationId, companyId, userId, { kind: 'appoint-manager' }, res);
  }

  @Delete('managers/:userId')
  async removeManager(
    @CurrentActor() actor: RequestActor,
    @Param('locationId', ParseIdPipe('location')) locationId: string,
    @Param('companyId') companyId: string,
    @Param('userId', ParseUserIdPipe) userId: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CompanyResponse> {
    return this.run(actor, locationId, companyId, userId, { kind: 'remove-manager' }, res);
  }

  @Put('members/:userId/corporate-card')
  async corporateCard(
    @CurrentActor() actor: RequestActor,
    @Param('locationId', ParseIdPipe('location')) locationId: string,
    @Param('companyId') companyId: string,
    @Param('userId', ParseUserIdPipe) userId: string,
    @Body() body: CorporateCardRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CompanyResponse> {
    return this.run(actor, locationId, companyId, userId, { kind: 'corporate-card', allowed: body.allowed }, res);
  }
}
