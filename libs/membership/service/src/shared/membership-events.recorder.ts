import { Sources, Topics, type MembershipEvent } from '@credits/contracts';
import { LOCK_KEY_SQL, timeOrderedUuid } from '@credits/event-store';
import { Outbox } from '@credits/messaging';
import { currentContext } from '@credits/platform/core';
import { randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';
import { MEMBERSHIP_SCHEMA } from './membership.tokens';

const outbox = new Outbox(MEMBERSHIP_SCHEMA);

/**
 * The id of the last event recorded for the location (none yet: empty). Its events are applied in
 * order, so once this one is, every earlier one is: a change that records nothing (a repeat) names
 * it, and the gateway waits for the state the repeat answers with just as for the first attempt.
 */
export async function lastEventOf(client: PoolClient, locationId: string): Promise<string[]> {
  const last = await client.query<{ event_id: string }>(
    `SELECT envelope->>'id' AS event_id FROM membership.outbox WHERE envelope->>'key' = $1 ORDER BY id DESC LIMIT 1`,
    [locationId],
  );
  return last.rows.map((row) => row.event_id);
}

/**
 * Serializes writers of one location and, by taking the transaction id only after the lock,
 * keeps the outbox's commit order equal to the per-location order. Call first in a transaction.
 */
export async function lockLocation(client: PoolClient, locationId: string): Promise<void> {
  await client.query(LOCK_KEY_SQL, [`location:${locationId}`]);
}

/**
 * Adds the events to the outbox in the caller's transaction; returns their message ids. They carry
 * the context's correlation id and, as causation, the request (or message) that made them.
 */
export async function recordEvents(client: PoolClient, events: readonly MembershipEvent[]): Promise<string[]> {
  const context = currentContext();
  const correlationId = context?.correlationId ?? randomUUID();
  const causationId = context?.causationId ?? null;
  const envelopes = events.map((event) => ({
    id: timeOrderedUuid(),
    source: Sources.membership,
    type: event.type,
    version: event.version,
    time: event.data.occurredAt,
    key: event.data.locationId,
    correlationId,
    causationId,
    data: event.data,
  }));
  await outbox.enqueue(client, Topics.membership, envelopes);
  return envelopes.map((envelope) => envelope.id);
}
