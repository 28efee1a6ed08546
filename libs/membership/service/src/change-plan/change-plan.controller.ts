import { PlanResponse, UpdatePlanRequest } from '@credits/contracts/http';
import { CurrentActor, ParseIdPipe, type RequestActor } from '@credits/platform';
import { Body, Controller, HttpCode, Inject, Param, Patch, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Response } from 'express';
import { MEMBERSHIP_CLOCK, type MembershipClock } from '../shared/membership-clock';
import { withEventIds } from '../shared/membership-command';
import { ChangePlanCommand, type ChangePlanResult, type PlanChange } from './change-plan.handler';

@Controller('v1/locations/:locationId/plans/:planId')
export class ChangePlanController {
  constructor(private readonly commands: CommandBus, @Inject(MEMBERSHIP_CLOCK) private readonly clock: MembershipClock) {}

  private async run(actor: RequestActor, locationId: string, planId: string, change: PlanChange, res: Response): Promise<PlanResponse> {
    const command = new ChangePlanCommand(actor, locationId, planId, change, this.clock.now());
    return withEventIds(res, await this.commands.execute<ChangePlanCommand, ChangePlanResult>(command));
  }

  @Patch()
  async edit(
    @CurrentActor() actor: RequestActor,
    @Param('locationId', ParseIdPipe('location')) locationId: string,
    @Param('planId') planId: string,
    @Body() body: UpdatePlanRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<PlanResponse> {
    return this.run(actor, locationId, planId, { kind: 'edit', request: body }, res);
  }

  @Post('archive')
  @HttpCode(200)
  async archive(
    @CurrentActor() actor: RequestActor,
    @Param('locationId', ParseIdPipe('location')) locationId: string,
    @Param('planId') planId: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<PlanResponse> {
    return this.run(actor, locationId, planId, { kind: 'archive' }, res);
  }
}
