import { Sources, Topics, type BookingEvent, type EventEnvelope } from '@credits/contracts';
import { timeOrderedUuid } from '@credits/event-store';
import { Outbox } from '@credits/messaging';
import { currentContext } from '@credits/platform/core';
import { randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';
import { BOOKING_SCHEMA } from './booking.tokens';

const outbox = new Outbox(BOOKING_SCHEMA);

/** Adds booking events to the outbox in the caller's transaction, keyed by booking id, with the work's correlation and causation. */
export async function recordEvents(client: PoolClient, events: readonly BookingEvent[]): Promise<void> {
  const context = currentContext();
  const correlationId = context?.correlationId ?? randomUUID();
  const envelopes: EventEnvelope[] = events.map((event) => ({
    id: timeOrderedUuid(),
    source: Sources.booking,
    type: event.type,
    version: event.version,
    time: event.data.occurredAt,
    key: event.data.bookingId,
    correlationId,
    causationId: context?.causationId ?? null,
    data: event.data,
  }));
  await outbox.enqueue(client, Topics.booking, envelopes);
}
