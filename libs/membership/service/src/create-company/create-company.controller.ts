import { CompanyNameRequest, CompanyResponse } from '@credits/contracts/http';
import { CurrentActor, ParseIdPipe, type RequestActor } from '@credits/platform';
import { Body, Controller, HttpCode, Inject, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Response } from 'express';
import { MEMBERSHIP_CLOCK, type MembershipClock } from '../shared/membership-clock';
import { withEventIds } from '../shared/membership-command';
import { CreateCompanyCommand, type CreateCompanyResult } from './create-company.handler';

@Controller('v1/locations/:locationId/companies')
export class CreateCompanyController {
  constructor(private readonly commands: CommandBus, @Inject(MEMBERSHIP_CLOCK) private readonly clock: MembershipClock) {}

  @Post()
  @HttpCode(201)
  async create(
    @CurrentActor() actor: RequestActor,
    @Param('locationId', ParseIdPipe('location')) locationId: string,
    @Body() body: CompanyNameRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CompanyResponse> {
    const command = new CreateCompanyCommand(actor, locationId, body.name, this.clock.now());
    return withEventIds(res, await this.commands.execute<CreateCompanyCommand, CreateCompanyResult>(command));
  }
}
