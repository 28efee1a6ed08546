import { COMMITTED_AFTER_SQL, COMMIT_ORDER_SQL, type CommitPosition } from './commit-order';
import { quoteIdent, type SqlClient } from './sql-client';

export interface EventMetadata {
  readonly correlationId: string;
  readonly causationId: string | null;
  /** W3C trace context of the work that recorded the event, when tracing is on */
  readonly traceparent?: string;
}

export interface NewEvent {
  readonly eventId: string;
  readonly type: string;
  readonly version: number;
  readonly data: object;
  readonly metadata: EventMetadata;
  readonly occurredAt: string;
}

export interface StoredEvent extends NewEvent {
  readonly position: CommitPosition;
  readonly streamId: string;
  readonly streamVersion: number;
}

export class WrongExpectedVersionError extends Error {
  constructor(readonly streamId: string, readonly expectedVersion: number) {
    super(`stream ${streamId} is not at version ${expectedVersion}`);
  }
}

/** DDL of the event store, run by the owning service's migration. */
export function eventStoreDdl(schema: string): string[] {
  const s = quoteIdent(schema);
  return [
    `CREATE TABLE ${s}.events (
      id bigserial PRIMARY KEY,
      tx_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
      event_id uuid NOT NULL UNIQUE,
      stream_id text NOT NULL,
      stream_version integer NOT NULL,
      type text NOT NULL,
      version integer NOT NULL,
      data jsonb NOT NULL,
      metadata jsonb NOT NULL,
      occurred_at timestamptz NOT NULL,
      CONSTRAINT events_stream_version UNIQUE (stream_id, stream_version)
    )`,
    `CREATE INDEX events_commit_order ON ${s}.events (tx_id, id)`,
  ];
}

// Text copies under other names: ORDER BY tx_id, id must sort the xid8/bigint columns, not these.
const COLUMNS = `id::text AS position_id, tx_id::text AS position_tx, event_id, stream_id, stream_version, type, version, data, metadata, occurred_at`;

interface EventRow {
  position_id: string;
  position_tx: string;
  event_id: string;
  stream_id: string;
  stream_version: number;
  type: string;
  version: number;
  data: object;
  metadata: EventMetadata;
  occurred_at: Date;
}

function toStored(row: EventRow): StoredEvent {
  return {
    position: { txId: row.position_tx, id: row.position_id },
    eventId: row.event_id,
    streamId: row.stream_id,
    streamVersion: row.stream_version,
    type: row.type,
    version: row.version,
    data: row.data,
    metadata: row.metadata,
    occurredAt: row.occurred_at.toISOString(),
  };
}

/** Append-only event streams in PostgreSQL with optimistic concurrency per stream. */
export class PgEventStore {
  private readonly table: string;

  constructor(schema: string) {
    this.table = `${quoteIdent(schema)}.events`;
  }

  async readStream(client: SqlClient, streamId: string, options: { fromVersion?: number; until?: string } = {}): Promise<StoredEvent[]> {
    const result = await client.query<EventRow>(
      `SELECT ${COLUMNS} FROM ${this.table}
       WHERE stream_id = $1 AND stream_version > $2 AND ($3::timestamptz IS NULL OR occurred_at <= $3)
       ORDER BY stream_version`,
      [streamId, options.fromVersion ?? 0, options.until ?? null],
    );
    return result.rows.map(toStored);
  }

  /** All streams, in commit-safe order (see commit-order.ts). */
  async readAllCommitted(client: SqlClient, after: CommitPosition, limit: number): Promise<StoredEvent[]> {
    const result = await client.query<EventRow>(
      `SELECT ${COLUMNS} FROM ${this.table} WHERE ${COMMITTED_AFTER_SQL} ${COMMIT_ORDER_SQL} LIMIT $3`,
      [after.txId, after.id, limit],
    );
    return result.rows.map(toStored);
  }
}
