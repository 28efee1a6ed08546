import { createTestDatabase, freePort } from '@credits/test-infra';
import { Pool } from 'pg';
import { SingletonWorker, type Leadership } from './singleton-worker';

async function until(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A worker whose work notes the backend holding its lock and then just keeps leading. */
function recordingWorker(pool: Pool, lockName: string) {
  const sessions: number[] = [];
  const errors: unknown[] = [];
  const worker = new SingletonWorker({
    pool,
    lockName,
    standbyMs: 20,
    backoffMs: 20,
    onError: (error) => errors.push(error),
    lead: async (leadership: Leadership) => {
      sessions.push((await leadership.client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid);
      while (leadership.held) await leadership.pause(1000);
    },
  });
  return { worker, sessions, errors };
}

describe('SingletonWorker on real PostgreSQL', () => {
  // A plain pool, without the services' guard: the worker must survive lost sessions by itself.
  let pool: Pool;
  let admin: Pool;

  beforeAll(async () => {
    const url = await createTestDatabase('singleton_worker');
    pool = new Pool({ connectionString: url, max: 6 });
    admin = new Pool({ connectionString: url, max: 1 });
  });

  afterAll(async () => {
    await pool.end();
    await admin.end();
  });

  const terminate = (pid: number) => admin.query('SELECT pg_terminate_backend($1)', [pid]);

  it("a nudge ends the leader's pause at once, and a nudge while it works ends its next pause", async () => {
    let rounds = 0;
    let finishWork: (() => void) | null = null;
    const worker = new SingletonWorker({
      pool,
      lockName: 'worker-nudged',
      standbyMs: 20,
      lead: async (leadership) => {
        while (leadership.held) {
          rounds += 1;
          if (rounds === 2) await new Promise<void>((resolve) => (finishWork = resolve));
          // Far longer than the test may take: only a nudge (or stop) ends these pauses.
          await leadership.pause(600_000);
        }
      },
    });
    worker.start();
    await until(() => rounds === 1 && worker.isActive, 'it leads');
    worker.nudge();
    await until(() => rounds === 2 && finishWork !== null, 'the nudge ended its pause');
    worker.nudge();
    finishWork!();
    await until(() => rounds === 3, 'the pause after a nudge during work returned at once');
    await worker.stop();
  });

  it('leads again on a fresh session after its lock session is terminated while it waits', async () => {
    const { worker, sessions, errors } = recordingWorker(pool, 'worker-terminated');
    worker.start();
    try {
      await until(() => sessions.length === 1 && worker.isActive, 'it leads');
      await terminate(sessions[0]);
      await until(() => sessions.length === 2 && worker.isActive, 'it leads again');
      expect(sessions[1]).not.toBe(sessions[0]);
      expect(errors.length).toBeGreaterThanOrEqual(1);
    } finally {
      await worker.stop();
    }
    expect(worker.isActive).toBe(false);
  });

  it('hands the lead to the standby instance when the leader loses its session', async () => {
    const [a, b] = [recordingWorker(pool, 'worker-handover'), recordingWorker(pool, 'worker-handover')];
    a.worker.start();
    await until(() => a.worker.isActive, 'a leads');
    b.worker.start();
    try {
      // b has tried the lock at least once: its standby pause follows a failed try.
      await until(async () => (await admin.query(`SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND query LIKE '%pg_try_advisory_lock%' AND pid <> ALL($1)`, [a.sessions])).rowCount! > 0, 'b tried the lock');
      expect(b.worker.isActive).toBe(false);
      // Every session the leader gets is terminated until the standby holds the lock.
      while (!b.worker.isActive) {
        for (const pid of a.sessions.splice(0)) await terminate(pid);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await until(() => !a.worker.isActive, 'a gave up the lead');
      expect(b.sessions).toHaveLength(1);
    } finally {
      await Promise.all([a.worker.stop(), b.worker.stop()]);
    }
  });

  it('reports a database it cannot reach and keeps trying without leading, until stopped', async () => {
    const unreachable = new Pool({ connectionString: `postgres://postgres:postgres@127.0.0.1:${await freePort()}/postgres`, max: 1 });
    const { worker, errors } = recordingWorker(unreachable, 'worker-unreachable');
    worker.start();
    try {
      await until(() => errors.length >= 3, 'three attempts failed');
      expect(worker.isActive).toBe(false);
      expect(errors.every((error) => (error as NodeJS.ErrnoException).code === 'ECONNREFUSED')).toBe(true);
    } finally {
      await worker.stop();
      await unreachable.end();
    }
  });
});
