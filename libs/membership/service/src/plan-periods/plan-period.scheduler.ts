import type { Actor, MembershipEvent } from '@credits/contracts';
import { withTransaction } from '@credits/event-store';
import { nextPeriod } from '@credits/membership-domain';
import type { Pool } from 'pg';
import { lockLocation, recordEvents } from '../shared/membership-events.recorder';
import { endAssignment, endPeriod, loadPlanTerms, lockCurrentPeriod, startPeriod } from './plan-period.store';

export const SCHEDULER_ACTOR: Actor = { type: 'system', id: 'plan-period-scheduler' };

export interface PlanPeriodSchedulerOptions {
  readonly pool: Pool;
  /** the clock; injected so tests (and the test clock of the app) move time instead of waiting */
  readonly now: () => Date;
  readonly intervalMs?: number;
  readonly onError?: (error: unknown) => void;
}

export interface SchedulerRun {
  readonly boundaries: number;
}

const LOCK_NAME = 'scheduler:membership:plan-periods';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Ends due plan periods and starts their successors, one transaction per boundary (period rows,
 * assignment and both events in the outbox), oldest boundary first, so missed boundaries are caught
 * up in order after downtime. Each boundary re-checks its period under the location lock and a row
 * lock, so even two racing runs emit every event once; `start()` additionally keeps one active
 * instance across replicas with a session advisory lock (the others stand by).
 */
export class PlanPeriodScheduler {
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private active = false;

  constructor(private readonly options: PlanPeriodSchedulerOptions) {}

  get isActive(): boolean {
    return this.active;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  /** Every boundary due at `now()`, in order. (Expiry warnings come from the ledger, which knows the balances.) */
  async runOnce(): Promise<SchedulerRun> {
    let boundaries = 0;
    for (;;) {
      const due = await this.options.pool.query<{ id: string; location_id: string }>(
        `SELECT id, location_id FROM membership.plan_periods WHERE status = 'current' AND ends_at <= $1 ORDER BY ends_at, id LIMIT 1`,
        [this.options.now()],
      );
      if (!due.rows[0]) break;
      if (await this.crossBoundary(due.rows[0].id, due.rows[0].location_id)) boundaries++;
    }
    return { boundaries };
  }

  private async crossBoundary(periodId: string, locationId: string): Promise<boolean> {
    return withTransaction(this.options.pool, async (client) => {
      await lockLocation(client, locationId);
      const period = await lockCurrentPeriod(client, { periodId, dueBy: this.options.now() });
      // Another instance crossed it first.
      if (!period) return false;
      const events: MembershipEvent[] = [await endPeriod(client, period, period.endsAt, SCHEDULER_ACTOR)];
      const terms = await loadPlanTerms(client, period.pendingPlanId ?? period.planId);
      const next = nextPeriod(period, period, () => terms, period.timezone);
      if (next) {
        events.push(
          await startPeriod(client, {
            assignmentId: period.assignmentId,
            locationId,
            holder: period.holder,
            period: next,
            previousPeriodId: period.periodId,
            actor: SCHEDULER_ACTOR,
          }),
        );
      } else {
        await endAssignment(client, period.assignmentId, period.endsAt);
      }
      await recordEvents(client, events);
      return true;
    });
  }

  private async run(): Promise<void> {
    while (this.running) {
      const client = await this.options.pool.connect().catch((error: unknown) => {
        this.options.onError?.(error);
        return null;
      });
      try {
        const locked = client ? (await client.query<{ locked: boolean }>(`SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked`, [LOCK_NAME])).rows[0].locked : false;
        this.active = locked;
        // The session lock lives as long as `client`; work runs on other pool connections.
        while (this.running && this.active) {
          await this.runOnce();
          await this.pause(this.options.intervalMs ?? 1000);
        }
        if (!locked) await this.pause(this.options.intervalMs ?? 1000);
      } catch (error) {
        this.options.onError?.(error);
        await sleep(500);
      } finally {
        this.active = false;
        // Destroying the connection drops the session lock even if unlocking fails.
        if (client) {
          await client.query(`SELECT pg_advisory_unlock_all()`).catch(() => undefined);
          client.release(true);
        }
      }
    }
  }

  private async pause(ms: number): Promise<void> {
    await Promise.race([sleep(ms), new Promise<void>((resolve) => (this.wake = resolve))]);
    this.wake = null;
  }
}
