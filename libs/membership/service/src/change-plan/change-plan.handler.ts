import type { PlanResponse } from '@credits/contracts/http';
import { decidePlanChange, type PlanChange } from '@credits/membership-domain';
import type { RequestActor } from '@credits/platform';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import { readLocation } from '../shared/location.store';
import { decided, inLocation, type Outcome } from '../shared/membership-command';
import { MEMBERSHIP_POOL } from '../shared/membership.tokens';
import { loadPlan, planResponse, savePlan } from '../shared/plan.store';

export class ChangePlanCommand {
  constructor(readonly actor: RequestActor, readonly locationId: string, readonly change: Exclude<PlanChange, { kind: 'create' }>, readonly now: Date) {}
}

export type ChangePlanResult = Outcome<PlanResponse>;

/** Edit or archive a plan (rules: decidePlanChange). */
@CommandHandler(ChangePlanCommand)
export class ChangePlanHandler implements ICommandHandler<ChangePlanCommand, ChangePlanResult> {
  constructor(@Inject(MEMBERSHIP_POOL) private readonly pool: Pool) {}

  async execute({ actor, locationId, change, now }: ChangePlanCommand): Promise<ChangePlanResult> {
    return inLocation(this.pool, locationId, actor, now, async ({ client, caller, meta }) => {
      const facts = { caller, locationCurrency: (await readLocation(client, locationId))!.currency, plan: await loadPlan(client, locationId, change.planId, true) };
      const { state, events } = decided(decidePlanChange(change, facts, meta));
      if (events.length > 0) await savePlan(client, state, now);
      return { result: planResponse(state), events };
    });
  }
}
