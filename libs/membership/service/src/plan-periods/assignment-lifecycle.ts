import type { Actor, MembershipEvent, PlanHolder } from '@credits/contracts';
import { effectiveAt, firstPeriod, type CancelTiming, type ChangeTiming } from '@credits/membership-domain';
import { randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';
import {
  activeAssignmentOf,
  cancelAtPeriodEnd,
  endAssignment,
  endPeriod,
  insertAssignment,
  loadPlanTerms,
  lockCurrentPeriod,
  setPendingPlan,
  startPeriod,
  type CurrentPeriod,
} from './plan-period.store';

/** A new assignment and its first period, starting now. */
export async function assignPlan(
  client: PoolClient,
  input: { locationId: string; holder: PlanHolder; planId: string; timezone: string; now: Date; actor: Actor },
): Promise<{ assignmentId: string; events: MembershipEvent[] }> {
  const assignmentId = randomUUID();
  await insertAssignment(client, { assignmentId, locationId: input.locationId, holder: input.holder, planId: input.planId, createdAt: input.now });
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
    await setPendingPlan(client, period.assignmentId, toPlanId);
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
    await cancelAtPeriodEnd(client, period.assignmentId);
    return [cancelled];
  }
  const ended = await endPeriod(client, period, at, actor);
  await endAssignment(client, period.assignmentId, at);
  return [cancelled, ended];
}

/** The running assignment of a holder, through its current period (row-locked). */
export async function currentPeriodOfHolder(client: PoolClient, locationId: string, holder: PlanHolder): Promise<CurrentPeriod | null> {
  const assignmentId = await activeAssignmentOf(client, locationId, holder);
  return assignmentId === null ? null : lockCurrentPeriod(client, { assignmentId });
}
