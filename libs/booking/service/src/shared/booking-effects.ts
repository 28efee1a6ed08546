import { OCCUPYING_STATUSES, cancelledEvent, confirmedEvent, evolve, fulfilledEvent, type Booking, type BookingDomainEvent } from '@credits/booking-domain';
import type { PoolClient } from 'pg';
import { recordEvents } from './booking-events.recorder';
import { insertBooking, releaseCapacity, saveBooking } from './booking.store';

/**
 * Stores what the decider decided, in the caller's transaction: the booking's new state, what it
 * occupies taken or given back, and its public event in the outbox once it is confirmed, its
 * cancellation is done, or it is fulfilled.
 */
export async function applyBookingEvents(client: PoolClient, before: Booking | null, events: readonly BookingDomainEvent[], now: Date): Promise<Booking> {
  const after = events.reduce<Booking | null>(evolve, before);
  if (after === null) throw new Error('a booking command accepted without a booking');
  if (events.length === 0) return after;
  if (before === null) await insertBooking(client, after, now);
  else await saveBooking(client, after, now);
  if (before !== null && OCCUPYING_STATUSES.includes(before.status) && !OCCUPYING_STATUSES.includes(after.status)) await releaseCapacity(client, after);
  if (after.status === 'confirmed' && before?.status !== 'confirmed') await recordEvents(client, [confirmedEvent(after)]);
  if (after.status === 'cancelled' && before?.status !== 'cancelled') await recordEvents(client, [cancelledEvent(after)]);
  if (after.fulfilled && !before?.fulfilled) await recordEvents(client, [fulfilledEvent(after)]);
  return after;
}
