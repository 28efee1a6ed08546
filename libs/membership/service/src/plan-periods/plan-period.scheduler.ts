import type { Actor, MembershipEvent } from '@credits/contracts';
import { periodicWorker, withTransaction, type SingletonWorker } from '@credits/event-store';
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

/**
 * Ends due plan periods and starts their successors, one transaction per boundary (period rows,
 * assignment and both events in the outbox), oldest boundary first, so missed boundaries are caught
 * up in order after downtime. Each boundary re-checks its period under the location lock and a row
 * lock, so even two racing runs emit every event once; `start()` additionally keeps one active
 * instance across replicas with a session advisory lock (the others stand by).
 */
export class PlanPeriodScheduler {
  private readonly worker: SingletonWorker;

  constructor(private readonly options: PlanPeriodSchedulerOptions) {
    // The lock's session only holds the lock; the work runs on other pool connections.
    this.worker = periodicWorker({ pool: options.pool, lockName: LOCK_NAME, intervalMs: options.intervalMs ?? 1000, onError: options.onError, tick: () => this.runOnce() });
  }

  get isActive(): boolean {
    return this.worker.isActive;
  }

  start(): void {
    this.worker.start();
  }

  stop(): Promise<void> {
    return this.worker.stop();
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
}
