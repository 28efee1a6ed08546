import type { MembershipEvent, PlanDefinition } from '@credits/contracts';
import type { PlanResponse, UpdatePlanRequest } from '@credits/contracts/http';
import { canManagePlans, creditsToHundredths } from '@credits/membership-domain';
import { Problems, type RequestActor } from '@credits/platform';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import { readLocation } from '../shared/location.row';
import { inLocation, type Outcome } from '../shared/membership-command';
import { MEMBERSHIP_POOL } from '../shared/membership.tokens';
import { planResponse, requireLocationCurrency, requirePlan, rolloverFrom, savePlan } from '../shared/plan.row';

export type PlanChange = { readonly kind: 'edit'; readonly request: UpdatePlanRequest } | { readonly kind: 'archive' };

export class ChangePlanCommand {
  constructor(readonly actor: RequestActor, readonly locationId: string, readonly planId: string, readonly change: PlanChange, readonly now: Date) {}
}

export type ChangePlanResult = Outcome<PlanResponse>;

/**
 * Edits apply from each assignment's next period (running periods keep the terms they started
 * with). Archiving stops new assignments; running ones continue until changed or cancelled.
 */
@CommandHandler(ChangePlanCommand)
export class ChangePlanHandler implements ICommandHandler<ChangePlanCommand, ChangePlanResult> {
  constructor(@Inject(MEMBERSHIP_POOL) private readonly pool: Pool) {}

  async execute({ actor, locationId, planId, change, now }: ChangePlanCommand): Promise<ChangePlanResult> {
    return inLocation(this.pool, locationId, actor, now, async ({ client, caller, actor: by }) => {
      if (!canManagePlans(caller)) throw Problems.forbidden('only location admins can change plans');
      const plan = await requirePlan(client, locationId, planId, true);
      if (plan.status === 'archived') {
        // Archiving again is a repeat (e.g. after 503 consistency-timeout): nothing more happens.
        if (change.kind === 'archive') return { result: planResponse({ locationId, status: plan.status, definition: plan.definition }), events: [] };
        throw Problems.conflict('plan-archived', 'Plan archived', `plan ${planId} is archived`);
      }
      const base = { locationId, occurredAt: now.toISOString(), actor: by };
      let events: MembershipEvent[];
      let definition = plan.definition;
      let status: 'active' | 'archived' = plan.status;
      switch (change.kind) {
        case 'edit': {
          const r = change.request;
          if (r.price) requireLocationCurrency(r.price.currency, (await readLocation(client, locationId))!.currency);
          const next: PlanDefinition = {
            ...definition,
            ...(r.name !== undefined && { name: r.name }),
            ...(r.price && { price: { amount: r.price.amount, currency: r.price.currency } }),
            ...(r.billingPeriod && { billingPeriod: { unit: r.billingPeriod.unit, count: r.billingPeriod.count } }),
            ...(r.allowance !== undefined && { allowance: creditsToHundredths(r.allowance) }),
            ...(r.resourceDiscountPercent !== undefined && { resourceDiscountPercent: r.resourceDiscountPercent }),
            ...(r.creditOptionDiscountPercent !== undefined && { creditOptionDiscountPercent: r.creditOptionDiscountPercent }),
            ...(r.billPaymentEnabled !== undefined && { billPaymentEnabled: r.billPaymentEnabled }),
            ...(r.rollover && { rollover: rolloverFrom(r.rollover) }),
          };
          events = JSON.stringify(next) === JSON.stringify(definition) ? [] : [{ type: 'PlanChanged', version: 1, data: { ...base, ...next } }];
          definition = next;
          break;
        }
        case 'archive':
          status = 'archived';
          events = [{ type: 'PlanArchived', version: 1, data: { ...base, planId } }];
          break;
        default: {
          const unknownChange: never = change;
          throw new Error(`unknown plan change ${JSON.stringify(unknownChange)}`);
        }
      }
      await savePlan(client, locationId, definition, status, now);
      return { result: planResponse({ locationId, status, definition }), events };
    });
  }
}
