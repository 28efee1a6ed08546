import type { EventEnvelope } from '@credits/contracts';
import { quoteIdent, withTransaction } from '@credits/event-store';
import type { Pool, PoolClient } from 'pg';

export function inboxDdl(schema: string): string[] {
  return [
    `CREATE TABLE ${quoteIdent(schema)}.inbox (
      consumer text NOT NULL,
      message_id text NOT NULL,
      processed_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (consumer, message_id)
    )`,
  ];
}

/**
 * Idempotent consumption: the message id is recorded in the same transaction as the effect, so a
 * redelivered message (at-least-once) finds its id and changes nothing. The id is written after
 * the effect, so an effect that starts by taking a lock (see LOCK_KEY_SQL) still does so before
 * the transaction's first write; two concurrent deliveries of one id collide on the primary key
 * and the later one rolls back.
 */
export class Inbox {
  private readonly table: string;

  constructor(private readonly pool: Pool, schema: string, private readonly consumer: string) {
    this.table = `${quoteIdent(schema)}.inbox`;
  }

  /** Runs `effect` once per message id; returns false when the message had been handled before. */
  async handleOnce(envelope: EventEnvelope, effect: (client: PoolClient) => Promise<void>): Promise<boolean> {
    try {
      return await withTransaction(this.pool, async (client) => {
        const seen = await client.query(`SELECT 1 FROM ${this.table} WHERE consumer = $1 AND message_id = $2`, [
          this.consumer,
          envelope.id,
        ]);
        if (seen.rowCount) return false;
        await effect(client);
        const recorded = await client.query(
          `INSERT INTO ${this.table} (consumer, message_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
          [this.consumer, envelope.id],
        );
        if (recorded.rowCount === 0) throw new AlreadyHandled();
        return true;
      });
    } catch (error) {
      if (error instanceof AlreadyHandled) return false;
      throw error;
    }
  }

  /** For read-your-writes: waits until every id has been handled, or the timeout passes. */
  async waitForAll(messageIds: readonly string[], timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const result = await this.pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM ${this.table} WHERE consumer = $1 AND message_id = ANY($2)`,
        [this.consumer, messageIds],
      );
      if (result.rows[0].n === new Set(messageIds).size) return true;
      if (Date.now() >= deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

class AlreadyHandled extends Error {}
