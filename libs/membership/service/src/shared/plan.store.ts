import { creditsToText, type RolloverCap } from '@credits/contracts';
import type { PlanResponse } from '@credits/contracts/http';
import { Problems } from '@credits/platform/core';
import type { Plan } from '@credits/membership-domain';
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


const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A plan of the location (optionally row-locked), or null. */
export async function loadPlan(db: Pool | PoolClient, locationId: string, planId: string, forUpdate = false): Promise<Plan | null> {
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

/** The location's plans by name: all of them, or only the active ones. */
export async function listPlans(db: Pool | PoolClient, locationId: string, withArchived: boolean): Promise<Plan[]> {
  const ids = await db.query<{ id: string }>(`SELECT id FROM membership.plans WHERE location_id = $1 AND ($2 OR status = 'active') ORDER BY name, id`, [
    locationId,
    withArchived,
  ]);
  return Promise.all(ids.rows.map(async (row) => (await loadPlan(db, locationId, row.id))!));
}

export async function requirePlan(db: Pool | PoolClient, locationId: string, planId: string, forUpdate = false): Promise<Plan> {
  const plan = await loadPlan(db, locationId, planId, forUpdate);
  if (!plan) throw Problems.notFound(`plan ${planId} does not exist`);
  return plan;
}

/** Inserts or overwrites the plan's row with its definition. */
export async function savePlan(client: PoolClient, { locationId, definition: d, status }: Plan, now: Date): Promise<void> {
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

export function planResponse(plan: Plan): PlanResponse {
  const d = plan.definition;
  const rollover = d.rollover;
  return {
    id: d.planId,
    locationId: plan.locationId,
    name: d.name,
    price: d.price,
    billingPeriod: d.billingPeriod,
    allowance: creditsToText(d.allowance),
    resourceDiscountPercent: d.resourceDiscountPercent,
    creditOptionDiscountPercent: d.creditOptionDiscountPercent,
    billPaymentEnabled: d.billPaymentEnabled,
    rollover:
      rollover.mode === 'credits'
        ? { mode: 'credits', credits: creditsToText(rollover.value) }
        : rollover.mode === 'percent'
          ? { mode: 'percent', percent: rollover.value }
          : { mode: 'none' },
    status: plan.status,
  };
}
