import type { EventEnvelope } from '@credits/contracts';
import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';

/** An event as another service would publish it: a fresh id, its own correlation, no cause. */
export function testEnvelope(source: string, type: string, key: string, data: { occurredAt: string }): EventEnvelope {
  const id = randomUUID();
  return { id, source, type, version: 1, time: data.occurredAt, key, correlationId: id, causationId: null, data };
}

/** Waits until a ledger consumer has recorded every one of these message ids in its inbox (30 s at most). */
export async function waitUntilHandled(pool: Pool, consumer: string, ids: readonly string[]): Promise<void> {
  const deadline = Date.now() + 30000;
  while (Date.now() < deadline) {
    const seen = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ledger.inbox WHERE consumer = $1 AND message_id = ANY($2)`, [consumer, ids]);
    if (seen.rows[0].n === new Set(ids).size) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`messages ${ids.join(', ')} not handled by ${consumer}`);
}
