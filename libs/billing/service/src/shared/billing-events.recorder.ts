import { Sources, Topics, type BillingEvent, type EventEnvelope } from '@credits/contracts';
import { timeOrderedUuid } from '@credits/event-store';
import { Outbox } from '@credits/messaging';
import { currentContext } from '@credits/platform/core';
import { randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';
import { BILLING_SCHEMA } from './billing.tokens';

const outbox = new Outbox(BILLING_SCHEMA);

/**
 * Adds billing events to the outbox in the caller's transaction (keyed by purchase id), with the
 * work's correlation id and what caused it: the request, or the message being handled. Returns
 * their message ids.
 */
export async function recordEvents(client: PoolClient, events: readonly BillingEvent[]): Promise<string[]> {
  const context = currentContext();
  const correlationId = context?.correlationId ?? randomUUID();
  const envelopes: EventEnvelope[] = events.map((event) => ({
    id: timeOrderedUuid(),
    source: Sources.billing,
    type: event.type,
    version: event.version,
    time: event.data.occurredAt,
    key: event.data.purchaseId,
    correlationId,
    causationId: context?.causationId ?? null,
    data: event.data,
  }));
  await outbox.enqueue(client, Topics.billing, envelopes);
  return envelopes.map((envelope) => envelope.id);
}
