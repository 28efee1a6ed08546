import { PlanResponse, UpdatePlanRequest } from '@credits/contracts/http';
import { CurrentActor, ParseIdPipe, Problems, type RequestActor } from '@credits/platform';
import { Body, Controller, HttpCode, Inject, Param, Patch, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Response } from 'express';
import { MEMBERSHIP_CLOCK, type MembershipClock } from '../shared/membership-clock';
import { withEventIds } from '../shared/membership-command';
import type { PlanChange } from '@credits/membership-domain';
import { ChangePlanCommand, type ChangePlanResult } from './change-plan.handler';

const PLAN_FIELDS = [
  'name',
  'price',
  'billingPeriod',
  'allowance',
  'resourceDiscountPercent',
  'creditOptionDiscountPercent',
  'billPaymentEnabled',
  'rollover',
] as const satisfies readonly (keyof UpdatePlanRequest)[];

@Controller('v1/locations/:locationId/plans/:planId')
export class ChangePlanController {
  constructor(private readonly commands: CommandBus, @Inject(MEMBERSHIP_CLOCK) private readonly clock: MembershipClock) {}

  private async run(actor: RequestActor, locationId: string, change: Exclude<PlanChange, { kind: 'create' }>, res: Response): Promise<PlanResponse> {
    const command = new ChangePlanCommand(actor, locationId, change, this.clock.now());
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
    if (PLAN_FIELDS.every((field) => body[field] === undefined)) throw Problems.nothingToChange(PLAN_FIELDS);
    return this.run(actor, locationId, { kind: 'edit', planId, request: body }, res);
  }

  @Post('archive')
  @HttpCode(200)
  async archive(
    @CurrentActor() actor: RequestActor,
    @Param('locationId', ParseIdPipe('location')) locationId: string,
    @Param('planId') planId: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<PlanResponse> {
    return this.run(actor, locationId, { kind: 'archive', planId }, res);
  }
}
