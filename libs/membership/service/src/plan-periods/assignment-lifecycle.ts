import type { Actor, MembershipEvent, PlanHolder } from '@credits/contracts';
import { effectiveAt, firstPeriod, type CancelTiming, type ChangeTiming } from '@credits/membership-domain';
import { randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';
import { endAssignment, endPeriod, loadPlanTerms, lockCurrentPeriod, startPeriod, type CurrentPeriod } from './plan-period.store';

/** A new assignment and its first period, starting now. */
export async function assignPlan(
  client: PoolClient,
  input: { locationId: string; holder: PlanHolder; planId: string; timezone: string; now: Date; actor: Actor },
): Promise<{ assignmentId: string; events: MembershipEvent[] }> {
  const assignmentId = randomUUID();
  await client.query(
    `INSERT INTO membership.plan_assignments (id, location_id, holder_type, holder_id, plan_id, status, created_at) VALUES ($1, $2, $3, $4, $5, 'active', $6)`,
    [assignmentId, input.locationId, input.holder.type, input.holder.id, input.planId, input.now],
  );
  const started = await startPeriod(client, {
    assignmentId,
    locationId: input.locationId,
    holder: input.holder,
    period: firstPeriod(input.now, await loadPlanTerms(client, input.planId), input.timezone),
    previousPeriodId: null,
    actor: input.actor,
  });
  const assigned: MembershipEvent = {
    type: 'PlanAssigned',
    version: 1,
    data: { locationId: input.locationId, occurredAt: input.now.toISOString(), actor: input.actor, assignmentId, planId: input.planId, holder: input.holder, startsAt: input.now.toISOString() },
  };
  return { assignmentId, events: [assigned, started] };
}

/** The fields every assignment event of the running period carries. */
function assignmentEventBase(period: CurrentPeriod, now: Date, actor: Actor) {
  return { locationId: period.locationId, occurredAt: now.toISOString(), actor, assignmentId: period.assignmentId, holder: period.holder };
}

/** Next period: the plan waits for the boundary. Now: the current period ends now and one of the new plan starts. */
export async function changePlan(client: PoolClient, period: CurrentPeriod, toPlanId: string, timing: ChangeTiming, now: Date, actor: Actor): Promise<MembershipEvent[]> {
  const at = effectiveAt(timing, period.endsAt, now);
  const changed: MembershipEvent = {
    type: 'PlanAssignmentChanged',
    version: 1,
    data: { ...assignmentEventBase(period, now, actor), fromPlanId: period.planId, toPlanId, effective: timing, effectiveAt: at.toISOString() },
  };
  if (timing === 'next-period') {
    await client.query(`UPDATE membership.plan_assignments SET pending_plan_id = $2, cancel_at_period_end = false WHERE id = $1`, [period.assignmentId, toPlanId]);
    return [changed];
  }
  const ended = await endPeriod(client, period, at, actor);
  const started = await startPeriod(client, {
    assignmentId: period.assignmentId,
    locationId: period.locationId,
    holder: period.holder,
    period: firstPeriod(at, await loadPlanTerms(client, toPlanId), period.timezone),
    previousPeriodId: period.periodId,
    actor,
  });
  return [changed, ended, started];
}

/** At period end: the scheduler ends the assignment at the boundary. Now: the current period and the assignment end now. */
export async function cancelAssignment(client: PoolClient, period: CurrentPeriod, timing: CancelTiming, now: Date, actor: Actor): Promise<MembershipEvent[]> {
  const at = effectiveAt(timing, period.endsAt, now);
  const cancelled: MembershipEvent = {
    type: 'PlanAssignmentCancelled',
    version: 1,
    data: { ...assignmentEventBase(period, now, actor), planId: period.planId, effective: timing, effectiveAt: at.toISOString() },
  };
  if (timing === 'period-end') {
    await client.query(`UPDATE membership.plan_assignments SET cancel_at_period_end = true, pending_plan_id = NULL WHERE id = $1`, [period.assignmentId]);
    return [cancelled];
  }
  const ended = await endPeriod(client, period, at, actor);
  await endAssignment(client, period.assignmentId, at);
  return [cancelled, ended];
}

/** The running assignment of a holder, through its current period (row-locked). */
export async function currentPeriodOfHolder(client: PoolClient, locationId: string, holder: PlanHolder): Promise<CurrentPeriod | null> {
  const result = await client.query<{ id: string }>(
    `SELECT id FROM membership.plan_assignments WHERE location_id = $1 AND holder_type = $2 AND holder_id = $3 AND status = 'active'`,
    [locationId, holder.type, holder.id],
  );
  if (!result.rows[0]) return null;
  return lockCurrentPeriod(client, { assignmentId: result.rows[0].id });
}
