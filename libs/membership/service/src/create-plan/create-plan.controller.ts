import { CreatePlanRequest, PlanResponse } from '@credits/contracts/http';
import { CurrentActor, ParseIdPipe, type RequestActor } from '@credits/platform';
import { Body, Controller, HttpCode, Inject, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Response } from 'express';
import { MEMBERSHIP_CLOCK, type MembershipClock } from '../shared/membership-clock';
import { withEventIds } from '../shared/membership-command';
import { CreatePlanCommand, type CreatePlanResult } from './create-plan.handler';

@Controller('v1/locations/:locationId/plans')
export class CreatePlanController {
  constructor(private readonly commands: CommandBus, @Inject(MEMBERSHIP_CLOCK) private readonly clock: MembershipClock) {}

  @Post()
  @HttpCode(201)
  async create(
    @CurrentActor() actor: RequestActor,
    @Param('locationId', ParseIdPipe('location')) locationId: string,
    @Body() body: CreatePlanRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<PlanResponse> {
    const command = new CreatePlanCommand(actor, locationId, body, this.clock.now());
    return withEventIds(res, await this.commands.execute<CreatePlanCommand, CreatePlanResult>(command));
  }
}
