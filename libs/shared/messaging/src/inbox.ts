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
 * and the later one rolls back (and finds the id handled when it runs again).
 */
export class Inbox {
  private readonly table: string;

  constructor(private readonly pool: Pool, schema: string, private readonly consumer: string) {
    this.table = `${quoteIdent(schema)}.inbox`;
  }

  /** Runs `effect` once per message id; returns false when the message had been handled before. */
  async handleOnce(envelope: EventEnvelope, effect: (client: PoolClient) => Promise<void>): Promise<boolean> {
    return (await this.handleAllOnce([envelope], effect)) > 0;
  }

  /**
   * handleOnce for a delivery, in one transaction: `effect` gets the messages not handled before
   * (each id once) and their ids are recorded with its writes; returns how many it got. When another
   * delivery records some of the ids meanwhile, the transaction rolls back and runs again without them.
   */
  async handleAllOnce(envelopes: readonly EventEnvelope[], effect: (client: PoolClient, fresh: readonly EventEnvelope[]) => Promise<void>): Promise<number> {
    if (envelopes.length === 0) return 0;
    const ids = [...new Set(envelopes.map((envelope) => envelope.id))];
    for (let attempt = 1; ; attempt++) {
      try {
        return await withTransaction(this.pool, async (client) => {
          const seen = await client.query<{ message_id: string }>(`SELECT message_id FROM ${this.table} WHERE consumer = $1 AND message_id = ANY($2::text[])`, [this.consumer, ids]);
          const handled = new Set(seen.rows.map((row) => row.message_id));
          const fresh = envelopes.filter((envelope) => !handled.has(envelope.id) && handled.add(envelope.id));
          if (fresh.length === 0) return 0;
          await effect(client, fresh);
          const recorded = await client.query(`INSERT INTO ${this.table} (consumer, message_id) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING`, [
            this.consumer,
            fresh.map((envelope) => envelope.id),
          ]);
          if (recorded.rowCount !== fresh.length) throw new AlreadyHandled();
          return fresh.length;
        });
      } catch (error) {
        if (!(error instanceof AlreadyHandled) || attempt >= MAX_ATTEMPTS) throw error;
      }
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

/** Ids recorded by a concurrent delivery while this one ran: its effects roll back and it runs again. */
class AlreadyHandled extends Error {
  constructor() {
    super('a concurrent delivery handled some of these messages');
  }
}

const MAX_ATTEMPTS = 5;
