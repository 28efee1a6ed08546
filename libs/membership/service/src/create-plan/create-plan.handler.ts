import type { PlanDefinition } from '@credits/contracts';
import type { CreatePlanRequest, PlanResponse } from '@credits/contracts/http';
import { canManagePlans, creditsToHundredths } from '@credits/membership-domain';
import { Problems, type RequestActor } from '@credits/platform';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { readLocation } from '../shared/location.row';
import { inLocation, type Outcome } from '../shared/membership-command';
import { MEMBERSHIP_POOL } from '../shared/membership.tokens';
import { planResponse, requireLocationCurrency, rolloverFrom, savePlan } from '../shared/plan.row';

export class CreatePlanCommand {
  constructor(readonly actor: RequestActor, readonly locationId: string, readonly request: CreatePlanRequest, readonly now: Date) {}
}

export type CreatePlanResult = Outcome<PlanResponse>;

@CommandHandler(CreatePlanCommand)
export class CreatePlanHandler implements ICommandHandler<CreatePlanCommand, CreatePlanResult> {
  constructor(@Inject(MEMBERSHIP_POOL) private readonly pool: Pool) {}

  async execute({ actor, locationId, request, now }: CreatePlanCommand): Promise<CreatePlanResult> {
    return inLocation(this.pool, locationId, actor, now, async ({ client, caller, actor: by }) => {
      if (!canManagePlans(caller)) throw Problems.forbidden('only location admins can create plans');
      requireLocationCurrency(request.price.currency, (await readLocation(client, locationId))!.currency);
      const definition: PlanDefinition = {
        planId: randomUUID(),
        name: request.name,
        price: { amount: request.price.amount, currency: request.price.currency },
        billingPeriod: { unit: request.billingPeriod.unit, count: request.billingPeriod.count },
        allowance: creditsToHundredths(request.allowance),
        resourceDiscountPercent: request.resourceDiscountPercent,
        creditOptionDiscountPercent: request.creditOptionDiscountPercent,
        billPaymentEnabled: request.billPaymentEnabled,
        rollover: rolloverFrom(request.rollover),
      };
      await savePlan(client, locationId, definition, 'active', now);
      return {
        result: planResponse({ locationId, status: 'active', definition }),
        events: [{ type: 'PlanCreated', version: 1, data: { locationId, occurredAt: now.toISOString(), actor: by, ...definition } }],
      };
    });
  }
}
