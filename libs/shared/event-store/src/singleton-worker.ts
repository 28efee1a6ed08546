import type { Pool, PoolClient } from 'pg';

/** What the leading instance's work gets: the session that holds the lock, and a way to wait. */
export interface Leadership {
  /** the connection holding the session advisory lock: leadership lasts as long as its session */
  readonly client: PoolClient;
  /** false once the worker stops or the lock's connection is lost: the work should return */
  readonly held: boolean;
  /** waits `ms`, or less when `held` turns false meanwhile */
  pause(ms: number): Promise<void>;
}

export interface SingletonWorkerOptions {
  readonly pool: Pool;
  /** names the session advisory lock: of all instances with this name, across replicas, one works */
  readonly lockName: string;
  /** the work, run while this instance leads; returns once `leadership.held` is false (or throws) */
  readonly lead: (leadership: Leadership) => Promise<void>;
  /** how often a standby instance tries to take over */
  readonly standbyMs?: number;
  /** wait after a failure (lost connection, database down, work threw); doubles per consecutive failure */
  readonly backoffMs?: number;
  readonly maxBackoffMs?: number;
  readonly onError?: (error: unknown) => void;
}

const TRY_LOCK_SQL = `SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked`;

/** Runs `work` only if this session gets the advisory lock `lockName` now; null if another holds it. */
export async function withTryLock<T>(pool: Pool, lockName: string, work: () => Promise<T>): Promise<T | null> {
  const client = await pool.connect();
  // A lost connection fails the queries below; it must not also become an uncaught 'error'.
  const ignore = () => undefined;
  client.on('error', ignore);
  let healthy = false;
  try {
    const locked = (await client.query<{ locked: boolean }>(TRY_LOCK_SQL, [lockName])).rows[0].locked;
    healthy = true;
    if (!locked) return null;
    try {
      return await work();
    } finally {
      healthy = await client.query(`SELECT pg_advisory_unlock(hashtextextended($1, 0))`, [lockName]).then(
        () => true,
        () => false,
      );
    }
  } finally {
    client.off('error', ignore);
    // Destroying a connection whose unlock failed drops the lock with its session.
    client.release(!healthy);
  }
}

export interface PeriodicWorkerOptions {
  readonly pool: Pool;
  readonly lockName: string;
  /** between the end of one run and the start of the next; also how often a standby tries to lead */
  readonly intervalMs: number;
  readonly tick: () => Promise<unknown>;
  readonly onError?: (error: unknown) => void;
}

/** A SingletonWorker whose leader runs `tick` at once and then `intervalMs` after each run ended. */
export function periodicWorker({ pool, lockName, intervalMs, tick, onError }: PeriodicWorkerOptions): SingletonWorker {
  return new SingletonWorker({
    pool,
    lockName,
    standbyMs: intervalMs,
    onError,
    lead: async (leadership) => {
      while (leadership.held) {
        await tick();
        await leadership.pause(intervalMs);
      }
    },
  });
}

/**
 * A polling loop of which one instance per lock name works at a time across all replicas: the
 * instance whose session holds the advisory lock leads, the others stand by and take over when its
 * session (and so its lock) goes away. A lost connection, a database that is down or work that
 * throws never ends the loop: it reports the error and tries again after a backoff that grows with
 * consecutive failures, on a fresh connection.
 */
export class SingletonWorker {
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private active = false;
  private failures = 0;
  private lastFailureAt = 0;
  private nudged = false;

  constructor(private readonly options: SingletonWorkerOptions) {}

  get isActive(): boolean {
    return this.active;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /**
   * Ends the leading work's current pause now (there is something new to do); a nudge while it is
   * busy makes its next pause return at once, so none is lost. Standby and backoff waits are not cut.
   */
  nudge(): void {
    if (!this.active) return;
    if (this.wake) this.wake();
    else this.nudged = true;
  }

  /** Lets the work in flight finish, then releases the lock. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  private pause(ms: number): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        await this.attempt();
      } catch (error) {
        this.options.onError?.(error);
        await this.pause(this.nextBackoff());
      }
    }
  }

  /** One try for the lock: leads until stopped or the session is lost, or stands by for a while. */
  private async attempt(): Promise<void> {
    const client = await this.options.pool.connect();
    const session: { lost: Error | null } = { lost: null };
    // Attached for the client's whole use: a session that dies while no query runs on it emits 'error'.
    client.on('error', (error: Error) => {
      session.lost = error;
      this.wake?.();
    });
    let locked: boolean;
    try {
      locked = (await client.query<{ locked: boolean }>(TRY_LOCK_SQL, [this.options.lockName])).rows[0].locked;
    } catch (error) {
      client.release(true);
      throw error;
    }
    if (!locked) {
      client.release();
      this.failures = 0;
      await this.pause(this.options.standbyMs ?? 1000);
      return;
    }
    this.active = true;
    const held = () => this.running && session.lost === null;
    try {
      const pause = (ms: number) => {
        if (!held()) return Promise.resolve();
        if (this.nudged) {
          this.nudged = false;
          return Promise.resolve();
        }
        return this.pause(ms);
      };
      await this.options.lead({ client, get held() { return held(); }, pause });
      if (session.lost) throw session.lost;
    } finally {
      this.active = false;
      await client.query(`SELECT pg_advisory_unlock_all()`).catch(() => undefined);
      // Destroying the connection drops the session lock even if unlocking failed.
      client.release(true);
    }
  }

  /** Failures further apart than twice the longest wait are not consecutive: the wait starts short again. */
  private nextBackoff(): number {
    const initial = this.options.backoffMs ?? 500;
    const max = this.options.maxBackoffMs ?? 5000;
    const now = Date.now();
    this.failures = now - this.lastFailureAt > 2 * max ? 1 : this.failures + 1;
    this.lastFailureAt = now;
    return Math.min(initial * 2 ** (this.failures - 1), max);
  }
}
