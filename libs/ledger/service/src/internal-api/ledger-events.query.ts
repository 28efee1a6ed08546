import type { LedgerEvent } from '@credits/contracts';
import { upcast } from '@credits/ledger-domain';
import type { Pool, PoolClient } from 'pg';

/** The events a command appended (its response lists their ids), in stream order. */
export async function eventsByIds(db: Pool | PoolClient, eventIds: readonly string[]): Promise<LedgerEvent[]> {
  if (eventIds.length === 0) return [];
  const result = await db.query<{ type: string; version: number; data: unknown }>(
    `SELECT type, version, data FROM ledger.events WHERE event_id = ANY($1::uuid[]) ORDER BY stream_version`,
    [eventIds],
  );
  return result.rows.map(upcast);
}
