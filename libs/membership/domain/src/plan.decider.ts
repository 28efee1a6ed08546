import { creditsFromText, type PlanDefinition, type RolloverCap } from '@credits/contracts';
import type { CreatePlanRequest, RolloverDto, UpdatePlanRequest } from '@credits/contracts/http';
import { canManagePlans } from './company-access.policy';
import type { Caller } from './location-access.policy';
import { accept, conflict, forbidden, invalid, notFound, type ChangeMeta, type Decision } from './membership.decision';
import { rolloverProblems } from './plan-period.rules';

export interface Plan {
  readonly locationId: string;
  readonly status: 'active' | 'archived';
  readonly definition: PlanDefinition;
}

export type PlanChange =
  | { readonly kind: 'create'; readonly planId: string; readonly request: CreatePlanRequest }
  | { readonly kind: 'edit'; readonly planId: string; readonly request: UpdatePlanRequest }
  | { readonly kind: 'archive'; readonly planId: string };

export interface PlanFacts {
  readonly caller: Caller;
  /** R3: money carries its currency, and a location has one */
  readonly locationCurrency: string;
  /** the plan as stored; null when there is none (always for create) */
  readonly plan: Plan | null;
}

type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly field: string; readonly reason: string };

/** The API's rollover (credits as a decimal string, or a percent) as the events carry it; a cap given for another mode is named, not dropped. */
export function rolloverFrom(dto: RolloverDto | undefined): Checked<RolloverCap> {
  if (!dto || dto.mode === 'none') {
    const misplaced = dto && (['credits', 'percent'] as const).find((field) => dto[field] !== undefined);
    if (misplaced) return { ok: false, field: `rollover.${misplaced}`, reason: `is only allowed when mode is "${misplaced}"` };
    return { ok: true, value: { mode: 'none', value: 0 } };
  }
  const other = dto.mode === 'credits' ? 'percent' : 'credits';
  if (dto[other] !== undefined) return { ok: false, field: `rollover.${other}`, reason: `is only allowed when mode is "${other}"` };
  const raw = dto.mode === 'credits' ? dto.credits : dto.percent;
  if (raw === undefined) return { ok: false, field: `rollover.${dto.mode}`, reason: `is required when mode is "${dto.mode}"` };
  const cap: RolloverCap = { mode: dto.mode, value: typeof raw === 'string' ? creditsFromText(raw) : raw };
  const problem = rolloverProblems(cap);
  return problem ? { ok: false, field: 'rollover', reason: problem } : { ok: true, value: cap };
}

const currencyProblem = (currency: string, locationCurrency: string) => (currency === locationCurrency ? null : `must be the location currency ${locationCurrency}`);

/**
 * Plans (admins): created active; edits apply from each assignment's next period (running periods
 * keep the terms they started with); archiving stops new assignments. An archived plan takes no edits;
 * archiving again, or an edit that changes nothing, records nothing.
 */
export function decidePlanChange(change: PlanChange, { caller, locationCurrency, plan }: PlanFacts, meta: ChangeMeta): Decision<Plan> {
  if (!canManagePlans(caller)) return forbidden(`only location admins can ${change.kind === 'create' ? 'create' : 'change'} plans`);
  if (change.kind === 'create') {
    const r = change.request;
    const currency = currencyProblem(r.price.currency, locationCurrency);
    if (currency) return invalid('price.currency', currency);
    const rollover = rolloverFrom(r.rollover);
    if (!rollover.ok) return invalid(rollover.field, rollover.reason);
    const definition: PlanDefinition = {
      planId: change.planId,
      name: r.name,
      price: { amount: r.price.amount, currency: r.price.currency },
      billingPeriod: { unit: r.billingPeriod.unit, count: r.billingPeriod.count },
      allowance: creditsFromText(r.allowance),
      resourceDiscountPercent: r.resourceDiscountPercent,
      creditOptionDiscountPercent: r.creditOptionDiscountPercent,
      billPaymentEnabled: r.billPaymentEnabled,
      rollover: rollover.value,
    };
    return accept({ locationId: meta.locationId, status: 'active', definition }, [{ type: 'PlanCreated', version: 1, data: { ...meta, ...definition } }]);
  }
  if (!plan) return notFound(`plan ${change.planId} does not exist`);
  if (plan.status === 'archived') {
    return change.kind === 'archive' ? accept(plan) : conflict('plan-archived', 'Plan archived', `plan ${change.planId} is archived`);
  }
  if (change.kind === 'archive') return accept({ ...plan, status: 'archived' }, [{ type: 'PlanArchived', version: 1, data: { ...meta, planId: change.planId } }]);
  const r = change.request;
  const currency = r.price && currencyProblem(r.price.currency, locationCurrency);
  if (currency) return invalid('price.currency', currency);
  const rollover = r.rollover ? rolloverFrom(r.rollover) : null;
  if (rollover && !rollover.ok) return invalid(rollover.field, rollover.reason);
  const current = plan.definition;
  const next: PlanDefinition = {
    ...current,
    ...(r.name !== undefined && { name: r.name }),
    ...(r.price && { price: { amount: r.price.amount, currency: r.price.currency } }),
    ...(r.billingPeriod && { billingPeriod: { unit: r.billingPeriod.unit, count: r.billingPeriod.count } }),
    ...(r.allowance !== undefined && { allowance: creditsFromText(r.allowance) }),
    ...(r.resourceDiscountPercent !== undefined && { resourceDiscountPercent: r.resourceDiscountPercent }),
    ...(r.creditOptionDiscountPercent !== undefined && { creditOptionDiscountPercent: r.creditOptionDiscountPercent }),
    ...(r.billPaymentEnabled !== undefined && { billPaymentEnabled: r.billPaymentEnabled }),
    ...(rollover?.ok && { rollover: rollover.value }),
  };
  if (JSON.stringify(next) === JSON.stringify(current)) return accept(plan);
  return accept({ ...plan, definition: next }, [{ type: 'PlanChanged', version: 1, data: { ...meta, ...next } }]);
}
