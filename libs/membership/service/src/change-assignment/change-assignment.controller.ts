import { AssignmentResponse, CancelAssignmentRequest, ChangeAssignmentRequest } from '@credits/contracts/http';
import { CurrentActor, ParseIdPipe, type RequestActor } from '@credits/platform';
import { Body, Controller, HttpCode, Inject, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Response } from 'express';
import { MEMBERSHIP_CLOCK, type MembershipClock } from '../shared/membership-clock';
import { withEventIds } from '../shared/membership-command';
import { ChangeAssignmentCommand, type AssignmentChange, type ChangeAssignmentResult } from './change-assignment.handler';

@Controller('v1/locations/:locationId/plan-assignments/:assignmentId')
export class ChangeAssignmentController {
  constructor(private readonly commands: CommandBus, @Inject(MEMBERSHIP_CLOCK) private readonly clock: MembershipClock) {}

  private async run(actor: RequestActor, locationId: string, assignmentId: string, change: AssignmentChange, res: Response): Promise<AssignmentResponse> {
    const command = new ChangeAssignmentCommand(actor, locationId, assignmentId, change, this.clock.now());
    return withEventIds(res, await this.commands.execute<ChangeAssignmentCommand, ChangeAssignmentResult>(command));
  }

  @Post('change')
  @HttpCode(200)
  async changePlan(
    @CurrentActor() actor: RequestActor,
    @Param('locationId', ParseIdPipe('location')) locationId: string,
    @Param('assignmentId', ParseIdPipe('plan assignment')) assignmentId: string,
    @Body() body: ChangeAssignmentRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AssignmentResponse> {
    return this.run(actor, locationId, assignmentId, { kind: 'change-plan', planId: body.planId, timing: body.effective }, res);
  }

  @Post('cancel')
  @HttpCode(200)
  async cancel(
    @CurrentActor() actor: RequestActor,
    @Param('locationId', ParseIdPipe('location')) locationId: string,
    @Param('assignmentId', ParseIdPipe('plan assignment')) assignmentId: string,
    @Body() body: CancelAssignmentRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AssignmentResponse> {
    return this.run(actor, locationId, assignmentId, { kind: 'cancel', timing: body.effective }, res);
  }
}
