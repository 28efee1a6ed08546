import type { EventEnvelope } from '@credits/contracts';
import { COMMITTED_AFTER_SQL, COMMIT_ORDER_SQL, quoteIdent, type CommitPosition, type SqlClient } from '@credits/event-store';
import { currentTraceparent } from '@credits/platform/core';
import type { PoolClient } from 'pg';

export function outboxDdl(schema: string): string[] {
  const s = quoteIdent(schema);
  return [
    `CREATE TABLE ${s}.outbox (
      id bigserial PRIMARY KEY,
      tx_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
      topic text NOT NULL,
      envelope jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`,
    `CREATE INDEX outbox_commit_order ON ${s}.outbox (tx_id, id)`,
  ];
}

export interface OutboxEntry {
  readonly position: CommitPosition;
  readonly topic: string;
  readonly envelope: EventEnvelope;
}

/**
 * For services that are not event-sourced: their state change and the events it causes commit in
 * one transaction; the relay publishes them afterwards.
 */
export class Outbox {
  private readonly table: string;

  constructor(schema: string) {
    this.table = `${quoteIdent(schema)}.outbox`;
  }

  async enqueue(client: PoolClient, topic: string, envelopes: readonly EventEnvelope[]): Promise<void> {
    if (envelopes.length === 0) return;
    // The trace of the work recording them goes along, so consumers continue it.
    const traceparent = currentTraceparent();
    await client.query(
      `INSERT INTO ${this.table} (topic, envelope) SELECT $1, e FROM unnest($2::jsonb[]) AS e`,
      [topic, envelopes.map((envelope) => JSON.stringify(traceparent && !envelope.traceparent ? { ...envelope, traceparent } : envelope))],
    );
  }

  async readCommitted(client: SqlClient, after: CommitPosition, limit: number): Promise<OutboxEntry[]> {
    // Text copies under other names: ORDER BY tx_id, id must sort the xid8/bigint columns.
    const result = await client.query<{ position_id: string; position_tx: string; topic: string; envelope: EventEnvelope }>(
      `SELECT id::text AS position_id, tx_id::text AS position_tx, topic, envelope FROM ${this.table} WHERE ${COMMITTED_AFTER_SQL} ${COMMIT_ORDER_SQL} LIMIT $3`,
      [after.txId, after.id, limit],
    );
    return result.rows.map((row) => ({ position: { txId: row.position_tx, id: row.position_id }, topic: row.topic, envelope: row.envelope }));
  }
}
