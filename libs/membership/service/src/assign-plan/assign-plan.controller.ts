import { AssignPlanRequest, AssignmentResponse } from '@credits/contracts/http';
import { CurrentActor, ParseIdPipe, type RequestActor } from '@credits/platform';
import { Body, Controller, HttpCode, Inject, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Response } from 'express';
import { MEMBERSHIP_CLOCK, type MembershipClock } from '../shared/membership-clock';
import { withEventIds } from '../shared/membership-command';
import { AssignPlanCommand, type AssignPlanResult } from './assign-plan.handler';

@Controller('v1/locations/:locationId/plan-assignments')
export class AssignPlanController {
  constructor(private readonly commands: CommandBus, @Inject(MEMBERSHIP_CLOCK) private readonly clock: MembershipClock) {}

  @Post()
  @HttpCode(201)
  async assign(
    @CurrentActor() actor: RequestActor,
    @Param('locationId', ParseIdPipe('location')) locationId: string,
    @Body() body: AssignPlanRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AssignmentResponse> {
    const command = new AssignPlanCommand(actor, locationId, body, this.clock.now());
    return withEventIds(res, await this.commands.execute<AssignPlanCommand, AssignPlanResult>(command));
  }
}
