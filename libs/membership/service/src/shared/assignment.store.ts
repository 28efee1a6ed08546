import { creditsToText } from '@credits/contracts';
import type { AssignmentResponse } from '@credits/contracts/http';
import type { Pool, PoolClient } from 'pg';

/** An assignment with its running period, or null when the location has no such assignment. */
export async function readAssignment(db: Pool | PoolClient, locationId: string, where: { id: string } | { holderType: 'user' | 'company'; holderId: string }): Promise<AssignmentResponse | null> {
  const byId = 'id' in where;
  const result = await db.query<{
    id: string;
    holder_type: 'user' | 'company';
    holder_id: string;
    plan_id: string;
    pending_plan_id: string | null;
    cancel_at_period_end: boolean;
    status: string;
    period_id: string | null;
    period_plan_id: string;
    starts_at: Date;
    ends_at: Date;
    allowance: string;
  }>(
    `SELECT a.id, a.holder_type, a.holder_id, a.plan_id, a.pending_plan_id, a.cancel_at_period_end, a.status,
            p.id AS period_id, p.plan_id AS period_plan_id, p.starts_at, p.ends_at, p.allowance
     FROM membership.plan_assignments a
     LEFT JOIN membership.plan_periods p ON p.assignment_id = a.id AND p.status = 'current'
     WHERE a.location_id = $1 AND ${byId ? `a.id::text = $2` : `a.holder_type = $2 AND a.holder_id = $3 AND a.status = 'active'`}`,
    byId ? [locationId, where.id] : [locationId, where.holderType, where.holderId],
  );
  const row = result.rows[0];
  if (!row) return null;
  return {
    id: row.id,
    locationId,
    holder: { type: row.holder_type, id: row.holder_id },
    planId: row.plan_id,
    pendingPlanId: row.pending_plan_id,
    cancelAtPeriodEnd: row.cancel_at_period_end,
    status: row.status,
    currentPeriod: row.period_id
      ? { periodId: row.period_id, planId: row.period_plan_id, startsAt: row.starts_at.toISOString(), endsAt: row.ends_at.toISOString(), allowance: creditsToText(Number(row.allowance)) }
      : null,
  };
}
