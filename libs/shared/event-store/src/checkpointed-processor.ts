import type { Pool, PoolClient } from 'pg';
import { START_POSITION, type CommitPosition } from './commit-order';
import { quoteIdent } from './sql-client';

export function checkpointsDdl(schema: string): string[] {
  return [
    `CREATE TABLE ${quoteIdent(schema)}.checkpoints (
      name text PRIMARY KEY,
      tx_id xid8 NOT NULL,
      id bigint NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`,
  ];
}

export interface ProcessorOptions<T extends { position: CommitPosition }> {
  readonly pool: Pool;
  readonly schema: string;
  /** Unique per processor; also names its lock, so only one instance runs it at a time. */
  readonly name: string;
  readonly read: (client: PoolClient, after: CommitPosition, limit: number) => Promise<T[]>;
  /** Handles a batch in order; the checkpoint moves only after it resolves (at-least-once). */
  readonly handle: (batch: T[]) => Promise<void>;
  readonly batchSize?: number;
  readonly idleMs?: number;
  readonly standbyMs?: number;
  readonly onError?: (error: unknown) => void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Follows an append-only table from a stored checkpoint. One active instance per name across all
 * replicas: the instance holding the session advisory lock works, the others wait on standby and
 * take over when its connection (and so its lock) goes away.
 */
export class CheckpointedProcessor<T extends { position: CommitPosition }> {
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private active = false;

  constructor(private readonly options: ProcessorOptions<T>) {}

  get isActive(): boolean {
    return this.active;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Lets an in-flight batch finish, then releases the lock. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  /** Skips the idle wait, e.g. right after a local append. */
  poke(): void {
    this.wake?.();
  }

  private async pause(ms: number): Promise<void> {
    await Promise.race([sleep(ms), new Promise<void>((resolve) => (this.wake = resolve))]);
    this.wake = null;
  }

  private async run(): Promise<void> {
    const { pool, name } = this.options;
    while (this.running) {
      let client: PoolClient | null = null;
      try {
        client = await pool.connect();
        const lock = await client.query<{ locked: boolean }>(
          `SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked`,
          [`processor:${this.options.schema}:${name}`],
        );
        if (!lock.rows[0].locked) {
          client.release();
          client = null;
          await this.pause(this.options.standbyMs ?? 1000);
          continue;
        }
        this.active = true;
        await this.follow(client);
      } catch (error) {
        this.options.onError?.(error);
        await this.pause(500);
      } finally {
        this.active = false;
        if (client) {
          // Destroying the connection drops the session lock even if unlocking fails.
          await client.query(`SELECT pg_advisory_unlock_all()`).catch(() => undefined);
          client.release(true);
        }
      }
    }
  }

  private async follow(client: PoolClient): Promise<void> {
    const { schema, name, read, handle } = this.options;
    const table = `${quoteIdent(schema)}.checkpoints`;
    const saved = await client.query<{ tx_id: string; id: string }>(
      `SELECT tx_id::text, id::text FROM ${table} WHERE name = $1`,
      [name],
    );
    let position: CommitPosition = saved.rows[0] ? { txId: saved.rows[0].tx_id, id: saved.rows[0].id } : START_POSITION;
    while (this.running) {
      const batch = await read(client, position, this.options.batchSize ?? 500);
      if (batch.length === 0) {
        await this.pause(this.options.idleMs ?? 50);
        continue;
      }
      await handle(batch);
      position = batch[batch.length - 1].position;
      await client.query(
        `INSERT INTO ${table} (name, tx_id, id) VALUES ($1, $2::xid8, $3)
         ON CONFLICT (name) DO UPDATE SET tx_id = EXCLUDED.tx_id, id = EXCLUDED.id, updated_at = now()`,
        [name, position.txId, position.id],
      );
    }
  }
}
