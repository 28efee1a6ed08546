import { Sources, Topics, type MembershipEvent } from '@credits/contracts';
import { LOCK_KEY_SQL } from '@credits/event-store';
import { Outbox } from '@credits/messaging';
import { currentContext } from '@credits/platform/core';
import { randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';
import { MEMBERSHIP_SCHEMA } from './membership.tokens';

const outbox = new Outbox(MEMBERSHIP_SCHEMA);

/**
 * Serializes writers of one location and, by taking the transaction id only after the lock,
 * keeps the outbox's commit order equal to the per-location order. Call first in a transaction.
 */
export async function lockLocation(client: PoolClient, locationId: string): Promise<void> {
  await client.query(LOCK_KEY_SQL, [`location:${locationId}`]);
}

/** Adds the events to the outbox in the caller's transaction; returns their message ids. */
export async function recordEvents(client: PoolClient, events: readonly MembershipEvent[]): Promise<string[]> {
  const correlationId = currentContext()?.correlationId ?? randomUUID();
  const envelopes = events.map((event) => ({
    id: randomUUID(),
    source: Sources.membership,
    type: event.type,
    version: event.version,
    time: event.data.occurredAt,
    key: event.data.locationId,
    correlationId,
    causationId: null,
    data: event.data,
  }));
  await outbox.enqueue(client, Topics.membership, envelopes);
  return envelopes.map((envelope) => envelope.id);
}
