import type { PlanDefinition, RolloverCap } from '@credits/contracts';
import type { PlanResponse, RolloverDto } from '@credits/contracts/http';
import { creditsToHundredths, hundredthsToCredits, rolloverProblems } from '@credits/membership-domain';
import { Problems } from '@credits/platform/core';
import type { Pool, PoolClient } from 'pg';

interface PlanRow {
  id: string;
  location_id: string;
  name: string;
  price_amount: string;
  price_currency: string;
  period_unit: 'day' | 'week' | 'month';
  period_count: number;
  allowance: string;
  resource_discount_percent: number;
  credit_option_discount_percent: number;
  bill_payment_enabled: boolean;
  rollover_mode: RolloverCap['mode'];
  rollover_value: string;
  status: 'active' | 'archived';
}

export interface StoredPlan {
  readonly locationId: string;
  readonly status: 'active' | 'archived';
  readonly definition: PlanDefinition;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A plan of the location (optionally row-locked), or null. */
export async function loadPlan(db: Pool | PoolClient, locationId: string, planId: string, forUpdate = false): Promise<StoredPlan | null> {
  if (!UUID.test(planId)) return null;
  const result = await db.query<PlanRow>(`SELECT * FROM membership.plans WHERE id = $1 AND location_id = $2 ${forUpdate ? 'FOR UPDATE' : ''}`, [planId, locationId]);
  const row = result.rows[0];
  if (!row) return null;
  return {
    locationId: row.location_id,
    status: row.status,
    definition: {
      planId: row.id,
      name: row.name,
      price: { amount: Number(row.price_amount), currency: row.price_currency },
      billingPeriod: { unit: row.period_unit, count: row.period_count },
      allowance: Number(row.allowance),
      resourceDiscountPercent: row.resource_discount_percent,
      creditOptionDiscountPercent: row.credit_option_discount_percent,
      billPaymentEnabled: row.bill_payment_enabled,
      rollover: { mode: row.rollover_mode, value: Number(row.rollover_value) },
    },
  };
}

export async function requirePlan(db: Pool | PoolClient, locationId: string, planId: string, forUpdate = false): Promise<StoredPlan> {
  const plan = await loadPlan(db, locationId, planId, forUpdate);
  if (!plan) throw Problems.notFound(`plan ${planId} does not exist`);
  return plan;
}

/** Inserts or overwrites the plan's row with its definition. */
export async function savePlan(client: PoolClient, locationId: string, definition: PlanDefinition, status: 'active' | 'archived', now: Date): Promise<void> {
  const d = definition;
  await client.query(
    `INSERT INTO membership.plans (id, location_id, name, price_amount, price_currency, period_unit, period_count, allowance,
       resource_discount_percent, credit_option_discount_percent, bill_payment_enabled, rollover_mode, rollover_value, status, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
     ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, price_amount = EXCLUDED.price_amount, price_currency = EXCLUDED.price_currency,
       period_unit = EXCLUDED.period_unit, period_count = EXCLUDED.period_count, allowance = EXCLUDED.allowance,
       resource_discount_percent = EXCLUDED.resource_discount_percent, credit_option_discount_percent = EXCLUDED.credit_option_discount_percent,
       bill_payment_enabled = EXCLUDED.bill_payment_enabled, rollover_mode = EXCLUDED.rollover_mode, rollover_value = EXCLUDED.rollover_value,
       status = EXCLUDED.status`,
    [
      d.planId,
      locationId,
      d.name,
      d.price.amount,
      d.price.currency,
      d.billingPeriod.unit,
      d.billingPeriod.count,
      d.allowance,
      d.resourceDiscountPercent,
      d.creditOptionDiscountPercent,
      d.billPaymentEnabled,
      d.rollover.mode,
      d.rollover.value,
      status,
      now,
    ],
  );
}

/** The API's rollover (credits as a decimal string, or a percent) as the events carry it. */
export function rolloverFrom(dto: RolloverDto | undefined): RolloverCap {
  if (!dto) return { mode: 'none', value: 0 };
  // A cap given for another mode would be silently dropped: name it instead.
  const misplaced = (['credits', 'percent'] as const).find((field) => field !== dto.mode && dto[field] !== undefined);
  if (misplaced) throw Problems.validation([{ field: `rollover.${misplaced}`, reason: `is only allowed when mode is "${misplaced}"` }]);
  if (dto.mode === 'none') return { mode: 'none', value: 0 };
  const raw = dto.mode === 'credits' ? dto.credits : dto.percent;
  if (raw === undefined) throw Problems.validation([{ field: `rollover.${dto.mode}`, reason: `is required when mode is "${dto.mode}"` }]);
  const cap: RolloverCap = { mode: dto.mode, value: typeof raw === 'string' ? creditsToHundredths(raw) : raw };
  const problem = rolloverProblems(cap);
  if (problem) throw Problems.validation([{ field: 'rollover', reason: problem }]);
  return cap;
}

/** Price currency is the location's (R3: money carries its currency, and a location has one). */
export function requireLocationCurrency(currency: string, locationCurrency: string): void {
  if (currency !== locationCurrency) throw Problems.validation([{ field: 'price.currency', reason: `must be the location currency ${locationCurrency}` }]);
}

export function planResponse(plan: StoredPlan): PlanResponse {
  const d = plan.definition;
  const rollover = d.rollover;
  return {
    id: d.planId,
    locationId: plan.locationId,
    name: d.name,
    price: d.price,
    billingPeriod: d.billingPeriod,
    allowance: hundredthsToCredits(d.allowance),
    resourceDiscountPercent: d.resourceDiscountPercent,
    creditOptionDiscountPercent: d.creditOptionDiscountPercent,
    billPaymentEnabled: d.billPaymentEnabled,
    rollover:
      rollover.mode === 'credits'
        ? { mode: 'credits', credits: hundredthsToCredits(rollover.value) }
        : rollover.mode === 'percent'
          ? { mode: 'percent', percent: rollover.value }
          : { mode: 'none' },
    status: plan.status,
  };
}
