import type { Pool, PoolClient } from 'pg';
import { START_POSITION, type CommitPosition } from './commit-order';
import { SingletonWorker, type Leadership } from './singleton-worker';
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

/**
 * Follows an append-only table from a stored checkpoint. One active instance per name across all
 * replicas (a SingletonWorker): the others stand by and take over when its session goes away. A
 * lost connection or a failing `handle` restarts it from the checkpoint after a backoff.
 */
export class CheckpointedProcessor<T extends { position: CommitPosition }> {
  private readonly worker: SingletonWorker;

  constructor(private readonly options: ProcessorOptions<T>) {
    this.worker = new SingletonWorker({
      pool: options.pool,
      lockName: `processor:${options.schema}:${options.name}`,
      standbyMs: options.standbyMs,
      onError: options.onError,
      lead: (leadership) => this.follow(leadership),
    });
  }

  get isActive(): boolean {
    return this.worker.isActive;
  }

  start(): void {
    this.worker.start();
  }

  /** New rows were committed: the active instance reads now instead of after its idle wait. */
  nudge(): void {
    this.worker.nudge();
  }

  /** Lets an in-flight batch finish, then releases the lock. */
  stop(): Promise<void> {
    return this.worker.stop();
  }

  private async follow(leadership: Leadership): Promise<void> {
    const { client } = leadership;
    const { schema, name, read, handle } = this.options;
    const table = `${quoteIdent(schema)}.checkpoints`;
    const saved = await client.query<{ tx_id: string; id: string }>(
      `SELECT tx_id::text, id::text FROM ${table} WHERE name = $1`,
      [name],
    );
    let position: CommitPosition = saved.rows[0] ? { txId: saved.rows[0].tx_id, id: saved.rows[0].id } : START_POSITION;
    while (leadership.held) {
      const batch = await read(client, position, this.options.batchSize ?? 500);
      if (batch.length === 0) {
        await leadership.pause(this.options.idleMs ?? 50);
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
