import type { CreatePlanRequest, PlanResponse } from '@credits/contracts/http';
import { decidePlanChange } from '@credits/membership-domain';
import type { RequestActor } from '@credits/platform';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { readLocation } from '../shared/location.store';
import { decided, inLocation, type Outcome } from '../shared/membership-command';
import { MEMBERSHIP_POOL } from '../shared/membership.tokens';
import { planResponse, savePlan } from '../shared/plan.store';

export class CreatePlanCommand {
  constructor(readonly actor: RequestActor, readonly locationId: string, readonly request: CreatePlanRequest, readonly now: Date) {}
}

export type CreatePlanResult = Outcome<PlanResponse>;

@CommandHandler(CreatePlanCommand)
export class CreatePlanHandler implements ICommandHandler<CreatePlanCommand, CreatePlanResult> {
  constructor(@Inject(MEMBERSHIP_POOL) private readonly pool: Pool) {}

  async execute({ actor, locationId, request, now }: CreatePlanCommand): Promise<CreatePlanResult> {
    return inLocation(this.pool, locationId, actor, now, async ({ client, caller, meta }) => {
      const facts = { caller, locationCurrency: (await readLocation(client, locationId))!.currency, plan: null };
      const { state, events } = decided(decidePlanChange({ kind: 'create', planId: randomUUID(), request }, facts, meta));
      await savePlan(client, state, now);
      return { result: planResponse(state), events };
    });
  }
}
