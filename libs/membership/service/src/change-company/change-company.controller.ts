import { CompanyNameRequest, CompanyResponse } from '@credits/contracts/http';
import { CurrentActor, ParseIdPipe, type RequestActor } from '@credits/platform';
import { Body, Controller, HttpCode, Inject, Param, Patch, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Response } from 'express';
import { MEMBERSHIP_CLOCK, type MembershipClock } from '../shared/membership-clock';
import { withEventIds } from '../shared/membership-command';
import type { CompanyChange } from '@credits/membership-domain';
import { ChangeCompanyCommand, type ChangeCompanyResult } from './change-company.handler';

@Controller('v1/locations/:locationId/companies/:companyId')
export class ChangeCompanyController {
  constructor(private readonly commands: CommandBus, @Inject(MEMBERSHIP_CLOCK) private readonly clock: MembershipClock) {}

  private async run(actor: RequestActor, locationId: string, companyId: string, change: CompanyChange, res: Response): Promise<CompanyResponse> {
    const command = new ChangeCompanyCommand(actor, locationId, companyId, change, this.clock.now());
    return withEventIds(res, await this.commands.execute<ChangeCompanyCommand, ChangeCompanyResult>(command));
  }

  @Patch()
  async rename(
    @CurrentActor() actor: RequestActor,
    @Param('locationId', ParseIdPipe('location')) locationId: string,
    @Param('companyId') companyId: string,
    @Body() body: CompanyNameRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CompanyResponse> {
    return this.run(actor, locationId, companyId, { kind: 'rename', name: body.name }, res);
  }

  @Post('archive')
  @HttpCode(200)
  async archive(
    @CurrentActor() actor: RequestActor,
    @Param('locationId', ParseIdPipe('location')) locationId: string,
    @Param('companyId') companyId: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CompanyResponse> {
    return this.run(actor, locationId, companyId, { kind: 'archive' }, res);
  }
}
