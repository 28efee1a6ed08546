import { Sources, Topics, type PaymentsEvent } from '@credits/contracts';
import { timeOrderedUuid } from '@credits/event-store';
import { Outbox } from '@credits/messaging';
import { currentContext } from '@credits/platform/core';
import { randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';
import { PAYMENTS_SCHEMA } from './payments.tokens';

const outbox = new Outbox(PAYMENTS_SCHEMA);

/**
 * Adds the events to the outbox in the caller's transaction, keyed by payment id so one payment's
 * events stay ordered. `causationId`: the Stripe event or the request that caused them.
 */
export async function recordPaymentEvents(client: PoolClient, events: readonly PaymentsEvent[], causationId: string | null): Promise<void> {
  const correlationId = currentContext()?.correlationId ?? randomUUID();
  await outbox.enqueue(
    client,
    Topics.payments,
    events.map((event) => ({
      id: timeOrderedUuid(),
      source: Sources.payments,
      type: event.type,
      version: event.version,
      time: event.data.occurredAt,
      key: event.data.paymentId,
      correlationId,
      causationId,
      data: event.data,
    })),
  );
}
