import type { Actor, BillingPeriod, PeriodUnit, PlanHolder, PlanPeriodEnded, PlanPeriodStarted, RolloverCap } from '@credits/contracts';
import type { NewPeriod, PeriodPlacement, PlanTerms } from '@credits/membership-domain';
import { randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';

/** A running period with what the boundary decisions need. */
export interface CurrentPeriod extends PeriodPlacement {
  readonly periodId: string;
  readonly assignmentId: string;
  readonly locationId: string;
  readonly planId: string;
  readonly holder: PlanHolder;
  readonly billingPeriod: BillingPeriod;
  readonly timezone: string;
  readonly allowance: number;
  readonly pendingPlanId: string | null;
  readonly cancelAtPeriodEnd: boolean;
}

interface PeriodRow {
  id: string;
  assignment_id: string;
  location_id: string;
  plan_id: string;
  anchor_at: Date;
  index: number;
  starts_at: Date;
  ends_at: Date;
  period_unit: PeriodUnit;
  period_count: number;
  allowance: string;
  holder_type: 'user' | 'company';
  holder_id: string;
  pending_plan_id: string | null;
  cancel_at_period_end: boolean;
  timezone: string;
}

const CURRENT_PERIOD_SQL = `
  SELECT p.id, p.assignment_id, p.location_id, p.plan_id, p.anchor_at, p.index, p.starts_at, p.ends_at, p.period_unit,
         p.period_count, p.allowance, a.holder_type, a.holder_id, a.pending_plan_id, a.cancel_at_period_end, l.timezone
  FROM membership.plan_periods p
  JOIN membership.plan_assignments a ON a.id = p.assignment_id
  JOIN membership.locations l ON l.id = p.location_id
  WHERE p.status = 'current'`;

function toCurrentPeriod(row: PeriodRow): CurrentPeriod {
  return {
    periodId: row.id,
    assignmentId: row.assignment_id,
    locationId: row.location_id,
    planId: row.plan_id,
    holder: { type: row.holder_type, id: row.holder_id },
    anchorAt: row.anchor_at,
    index: row.index,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    billingPeriod: { unit: row.period_unit, count: row.period_count },
    timezone: row.timezone,
    allowance: Number(row.allowance),
    pendingPlanId: row.pending_plan_id,
    cancelAtPeriodEnd: row.cancel_at_period_end,
  };
}

/** The running period of an assignment, row-locked; `dueBy` keeps only one that has ended by then. */
export async function lockCurrentPeriod(client: PoolClient, by: { periodId: string; dueBy?: Date } | { assignmentId: string }): Promise<CurrentPeriod | null> {
  const result =
    'periodId' in by
      ? await client.query<PeriodRow>(`${CURRENT_PERIOD_SQL} AND p.id = $1 AND ($2::timestamptz IS NULL OR p.ends_at <= $2) FOR UPDATE OF p`, [
          by.periodId,
          by.dueBy ?? null,
        ])
      : await client.query<PeriodRow>(`${CURRENT_PERIOD_SQL} AND p.assignment_id = $1 FOR UPDATE OF p`, [by.assignmentId]);
  return result.rows[0] ? toCurrentPeriod(result.rows[0]) : null;
}

/** The plan's terms as they are now (a new period takes them; running periods keep their own). */
export async function loadPlanTerms(client: PoolClient, planId: string): Promise<PlanTerms> {
  const result = await client.query<{ period_unit: PeriodUnit; period_count: number; allowance: string; rollover_mode: RolloverCap['mode']; rollover_value: string }>(
    `SELECT period_unit, period_count, allowance, rollover_mode, rollover_value FROM membership.plans WHERE id = $1`,
    [planId],
  );
  const row = result.rows[0];
  if (!row) throw new Error(`plan ${planId} does not exist`);
  return {
    planId,
    billingPeriod: { unit: row.period_unit, count: row.period_count },
    allowance: Number(row.allowance),
    rollover: { mode: row.rollover_mode, value: Number(row.rollover_value) },
  };
}

export interface StartPeriodInput {
  readonly assignmentId: string;
  readonly locationId: string;
  readonly holder: PlanHolder;
  readonly period: NewPeriod;
  readonly previousPeriodId: string | null;
  readonly actor: Actor;
}

/** Records a new current period and makes its plan the assignment's plan; returns its event. */
export async function startPeriod(client: PoolClient, input: StartPeriodInput): Promise<PlanPeriodStarted> {
  const { period } = input;
  const periodId = randomUUID();
  await client.query(
    `INSERT INTO membership.plan_periods (id, assignment_id, location_id, plan_id, previous_period_id, anchor_at, index, starts_at, ends_at,
       period_unit, period_count, allowance, rollover_mode, rollover_value, status)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 'current')`,
    [
      periodId,
      input.assignmentId,
      input.locationId,
      period.terms.planId,
      input.previousPeriodId,
      period.anchorAt,
      period.index,
      period.startsAt,
      period.endsAt,
      period.terms.billingPeriod.unit,
      period.terms.billingPeriod.count,
      period.terms.allowance,
      period.terms.rollover.mode,
      period.terms.rollover.value,
    ],
  );
  await client.query(`UPDATE membership.plan_assignments SET plan_id = $2, pending_plan_id = NULL WHERE id = $1`, [input.assignmentId, period.terms.planId]);
  return {
    type: 'PlanPeriodStarted',
    version: 1,
    data: {
      locationId: input.locationId,
      occurredAt: period.startsAt.toISOString(),
      actor: input.actor,
      periodId,
      assignmentId: input.assignmentId,
      planId: period.terms.planId,
      holder: input.holder,
      startsAt: period.startsAt.toISOString(),
      endsAt: period.endsAt.toISOString(),
      allowance: period.terms.allowance,
      previousPeriodId: input.previousPeriodId,
      rollover: period.terms.rollover,
    },
  };
}

/**
 * Ends a period at `endedAt` (its boundary, or earlier for an immediate change or cancellation);
 * `endsAt` in the event is when it actually ended, so the ledger expires its credits then.
 */
export async function endPeriod(client: PoolClient, period: CurrentPeriod, endedAt: Date, actor: Actor): Promise<PlanPeriodEnded> {
  await client.query(`UPDATE membership.plan_periods SET status = 'ended', ended_at = $2, ends_at = $2 WHERE id = $1`, [period.periodId, endedAt]);
  return {
    type: 'PlanPeriodEnded',
    version: 1,
    data: {
      locationId: period.locationId,
      occurredAt: endedAt.toISOString(),
      actor,
      periodId: period.periodId,
      assignmentId: period.assignmentId,
      planId: period.planId,
      holder: period.holder,
      startsAt: period.startsAt.toISOString(),
      endsAt: endedAt.toISOString(),
      endedAt: endedAt.toISOString(),
    },
  };
}

/** Marks an assignment over: it has no period any more. */
export async function endAssignment(client: PoolClient, assignmentId: string, endedAt: Date): Promise<void> {
  await client.query(`UPDATE membership.plan_assignments SET status = 'ended', ended_at = $2, pending_plan_id = NULL WHERE id = $1`, [assignmentId, endedAt]);
}

export async function insertAssignment(
  client: PoolClient,
  input: { assignmentId: string; locationId: string; holder: PlanHolder; planId: string; createdAt: Date },
): Promise<void> {
  await client.query(
    `INSERT INTO membership.plan_assignments (id, location_id, holder_type, holder_id, plan_id, status, created_at) VALUES ($1, $2, $3, $4, $5, 'active', $6)`,
    [input.assignmentId, input.locationId, input.holder.type, input.holder.id, input.planId, input.createdAt],
  );
}

/** The plan the assignment switches to at the next period boundary (a pending cancellation is dropped). */
export async function setPendingPlan(client: PoolClient, assignmentId: string, planId: string): Promise<void> {
  await client.query(`UPDATE membership.plan_assignments SET pending_plan_id = $2, cancel_at_period_end = false WHERE id = $1`, [assignmentId, planId]);
}

/** The assignment ends at the next period boundary (a pending plan change is dropped). */
export async function cancelAtPeriodEnd(client: PoolClient, assignmentId: string): Promise<void> {
  await client.query(`UPDATE membership.plan_assignments SET cancel_at_period_end = true, pending_plan_id = NULL WHERE id = $1`, [assignmentId]);
}

export async function activeAssignmentOf(client: PoolClient, locationId: string, holder: PlanHolder): Promise<string | null> {
  const result = await client.query<{ id: string }>(
    `SELECT id FROM membership.plan_assignments WHERE location_id = $1 AND holder_type = $2 AND holder_id = $3 AND status = 'active'`,
    [locationId, holder.type, holder.id],
  );
  return result.rows[0]?.id ?? null;
}
