import type { EventEnvelope } from '@credits/contracts';
import { withTransaction } from '@credits/event-store';
import { firstPeriod } from '@credits/membership-domain';
import { runMigrations } from '@credits/platform/core';
import { createTestDatabase } from '@credits/test-infra';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { membershipMigrations } from '../migrations';
import { recordEvents } from '../shared/membership-events.recorder';
import { MEMBERSHIP_SCHEMA } from '../shared/membership.tokens';
import { PlanPeriodScheduler } from './plan-period.scheduler';
import { loadPlanTerms, startPeriod } from './plan-period.store';

const TZ = 'Europe/Berlin';
let pool: Pool;
let locationId: string;

async function createPlan(unit: 'day' | 'month', allowance: number): Promise<string> {
  const id = randomUUID();
  await pool.query(
    `INSERT INTO membership.plans (id, location_id, name, price_amount, price_currency, period_unit, period_count, allowance,
       resource_discount_percent, credit_option_discount_percent, bill_payment_enabled, rollover_mode, rollover_value, status, created_at)
     VALUES ($1, $2, 'Plan', 10000, 'EUR', $3, 1, $4, 0, 0, false, 'none', 0, 'active', now())`,
    [id, locationId, unit, allowance],
  );
  return id;
}

/** Assigns a plan the way the assign slice does: the assignment and its first period. */
async function assign(planId: string, userId: string, startsAt: Date): Promise<string> {
  const assignmentId = randomUUID();
  await withTransaction(pool, async (client) => {
    await client.query(
      `INSERT INTO membership.plan_assignments (id, location_id, holder_type, holder_id, plan_id, status, created_at) VALUES ($1, $2, 'user', $3, $4, 'active', $5)`,
      [assignmentId, locationId, userId, planId, startsAt],
    );
    const period = firstPeriod(startsAt, await loadPlanTerms(client, planId), TZ);
    const holder = { type: 'user', id: userId } as const;
    await recordEvents(client, [await startPeriod(client, { assignmentId, locationId, holder, period, previousPeriodId: null, actor: { type: 'user', id: 'admin' } })]);
  });
  return assignmentId;
}

async function published(): Promise<EventEnvelope[]> {
  const rows = await pool.query<{ envelope: EventEnvelope }>(`SELECT envelope FROM membership.outbox ORDER BY id`);
  return rows.rows.map((row) => row.envelope);
}

function clockAt(iso: string): { now: () => Date; set: (iso: string) => void } {
  let current = new Date(iso);
  return { now: () => current, set: (next) => (current = new Date(next)) };
}

beforeAll(async () => {
  const url = await createTestDatabase('plan_scheduler');
  await runMigrations(url, MEMBERSHIP_SCHEMA, membershipMigrations);
  pool = new Pool({ connectionString: url, max: 12 });
});

afterAll(async () => {
  await pool.end();
});

beforeEach(async () => {
  locationId = randomUUID();
  // The scheduler serves every location: each test starts with no periods.
  await pool.query(`TRUNCATE membership.outbox, membership.plan_periods, membership.plan_assignments, membership.plans`);
  await pool.query(`INSERT INTO membership.locations (id, name, currency, timezone, created_at) VALUES ($1, 'Mitte', 'EUR', $2, now())`, [locationId, TZ]);
});

describe('plan period scheduler', () => {
  it('after downtime across two boundaries ends and starts both periods in order, once each, with the edited plan', async () => {
    const planId = await createPlan('month', 2000);
    const assignmentId = await assign(planId, 'bob', new Date('2026-01-30T23:00:00Z')); // Jan 31 00:00 Berlin
    const clock = clockAt('2026-02-10T12:00:00Z');
    expect(await new PlanPeriodScheduler({ pool, now: clock.now }).runOnce()).toEqual({ boundaries: 0 });
    // Edited while the first period runs: applies from the next period on.
    await pool.query(`UPDATE membership.plans SET allowance = 3000 WHERE id = $1`, [planId]);

    // The service is down; the clock passes Feb 28 and Mar 31; a new instance starts.
    clock.set('2026-04-05T12:00:00Z');
    const restarted = new PlanPeriodScheduler({ pool, now: clock.now });
    expect(await restarted.runOnce()).toEqual({ boundaries: 2 });
    expect(await restarted.runOnce()).toEqual({ boundaries: 0 });

    const events = (await published()).filter((e) => e.type.startsWith('PlanPeriod'));
    const summary = events.map((e) => {
      const data = e.data as { startsAt: string; endsAt: string; allowance?: number; assignmentId: string };
      expect(data.assignmentId).toBe(assignmentId);
      return [e.type, data.startsAt, data.endsAt, data.allowance];
    });
    expect(summary).toEqual([
      ['PlanPeriodStarted', '2026-01-30T23:00:00.000Z', '2026-02-27T23:00:00.000Z', 2000],
      ['PlanPeriodEnded', '2026-01-30T23:00:00.000Z', '2026-02-27T23:00:00.000Z', undefined],
      ['PlanPeriodStarted', '2026-02-27T23:00:00.000Z', '2026-03-30T22:00:00.000Z', 3000],
      ['PlanPeriodEnded', '2026-02-27T23:00:00.000Z', '2026-03-30T22:00:00.000Z', undefined],
      ['PlanPeriodStarted', '2026-03-30T22:00:00.000Z', '2026-04-29T22:00:00.000Z', 3000],
    ]);
    // Each start names the period it follows, so the ledger can roll over its leftover.
    const started = events.filter((e) => e.type === 'PlanPeriodStarted').map((e) => e.data as { periodId: string; previousPeriodId: string | null });
    expect(started[1].previousPeriodId).toBe(started[0].periodId);
    expect(started[2].previousPeriodId).toBe(started[1].periodId);
  });

  it('ends the assignment instead of starting a period after a cancellation at period end', async () => {
    const planId = await createPlan('day', 500);
    const assignmentId = await assign(planId, 'carol', new Date('2026-03-01T09:00:00Z'));
    await pool.query(`UPDATE membership.plan_assignments SET cancel_at_period_end = true WHERE id = $1`, [assignmentId]);
    const scheduler = new PlanPeriodScheduler({ pool, now: clockAt('2026-03-05T00:00:00Z').now });
    expect(await scheduler.runOnce()).toEqual({ boundaries: 1 });
    expect((await published()).map((e) => e.type)).toEqual(['PlanPeriodStarted', 'PlanPeriodEnded']);
    const assignment = await pool.query(`SELECT status, ended_at FROM membership.plan_assignments WHERE id = $1`, [assignmentId]);
    expect(assignment.rows[0]).toEqual({ status: 'ended', ended_at: new Date('2026-03-02T09:00:00Z') });
  });

  it('with two instances racing, emits every boundary event exactly once', async () => {
    const planId = await createPlan('day', 100);
    const assignments = 15;
    for (let i = 0; i < assignments; i++) await assign(planId, `user-${i}`, new Date('2026-05-01T10:00:00Z'));
    const now = clockAt('2026-05-04T12:00:00Z').now; // three daily boundaries each
    const [a, b] = [new PlanPeriodScheduler({ pool, now }), new PlanPeriodScheduler({ pool, now })];
    const runs = await Promise.all([a.runOnce(), b.runOnce(), a.runOnce(), b.runOnce()]);
    expect(runs.reduce((sum, run) => sum + run.boundaries, 0)).toBe(assignments * 3);

    const events = await published();
    const ended = events.filter((e) => e.type === 'PlanPeriodEnded');
    const started = events.filter((e) => e.type === 'PlanPeriodStarted');
    expect(ended).toHaveLength(assignments * 3);
    expect(started).toHaveLength(assignments * 4);
    expect(new Set(ended.map((e) => (e.data as { periodId: string }).periodId)).size).toBe(assignments * 3);
    // Per assignment: started, ended, started, ended, ... in boundary order.
    const perAssignment = new Map<string, string[]>();
    for (const e of events) {
      const data = e.data as { assignmentId: string; startsAt: string };
      perAssignment.set(data.assignmentId, [...(perAssignment.get(data.assignmentId) ?? []), `${e.type}@${data.startsAt}`]);
    }
    for (const sequence of perAssignment.values()) {
      expect(sequence).toEqual([
        'PlanPeriodStarted@2026-05-01T10:00:00.000Z',
        'PlanPeriodEnded@2026-05-01T10:00:00.000Z',
        'PlanPeriodStarted@2026-05-02T10:00:00.000Z',
        'PlanPeriodEnded@2026-05-02T10:00:00.000Z',
        'PlanPeriodStarted@2026-05-03T10:00:00.000Z',
        'PlanPeriodEnded@2026-05-03T10:00:00.000Z',
        'PlanPeriodStarted@2026-05-04T10:00:00.000Z',
      ]);
    }
  });

  it('keeps one active instance across replicas', async () => {
    const now = clockAt('2026-01-01T00:00:00Z').now;
    const [a, b] = [new PlanPeriodScheduler({ pool, now, intervalMs: 20 }), new PlanPeriodScheduler({ pool, now, intervalMs: 20 })];
    a.start();
    b.start();
    try {
      while (!a.isActive && !b.isActive) await new Promise((resolve) => setTimeout(resolve, 10));
      const standby = a.isActive ? b : a;
      // The standby retries the lock every interval; it must not get it while the other holds it.
      for (let i = 0; i < 5; i++) {
        await new Promise((resolve) => setTimeout(resolve, 25));
        expect(a.isActive && b.isActive).toBe(false);
      }
      await (a.isActive ? a : b).stop();
      while (!standby.isActive) await new Promise((resolve) => setTimeout(resolve, 10));
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });
});
