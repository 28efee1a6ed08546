import { decide, type BookingCommand } from '@credits/booking-domain';
import { Topics, validateEventData, type EventEnvelope, type PaymentFailed, type PaymentSucceeded } from '@credits/contracts';
import { Inbox, type MessageBus, type Subscription } from '@credits/messaging';
import { runWithContext, type JsonLogger } from '@credits/platform/core';
import type { Pool, PoolClient } from 'pg';
import { applyBookingEvents } from '../shared/booking-effects';
import type { BookingSaga } from '../shared/booking.saga';
import { lockBooking } from '../shared/booking.store';
import { BOOKING_SCHEMA } from '../shared/booking.tokens';

export const BOOKING_PAYMENT_OUTCOMES_CONSUMER = 'booking.payment-outcomes';

type Outcome =
  | (EventEnvelope & { readonly type: 'PaymentSucceeded'; readonly data: PaymentSucceeded['data'] })
  | (EventEnvelope & { readonly type: 'PaymentFailed'; readonly data: PaymentFailed['data'] });

/**
 * Card and split bookings move on when payments says so (PaymentSucceeded / PaymentFailed of
 * purpose booking). Each message is applied once: its id goes into the inbox in the transaction that
 * stores the booking's new state and its public event (outbox). The ledger and payments steps that
 * follow (capture, release, a late payment's refund) run after the commit through the saga, with
 * keys derived from the booking id; if this process dies first, the recovery worker takes them.
 */
export function subscribeToBookingPaymentOutcomes(pool: Pool, bus: MessageBus, saga: BookingSaga, logger: JsonLogger): Promise<Subscription> {
  const inbox = new Inbox(pool, BOOKING_SCHEMA, BOOKING_PAYMENT_OUTCOMES_CONSUMER);
  return bus.subscribe({
    groupId: BOOKING_PAYMENT_OUTCOMES_CONSUMER,
    topics: [Topics.payments],
    types: ['PaymentSucceeded', 'PaymentFailed'],
    handler: async (envelope) => {
      const errors = validateEventData(envelope.type, envelope.version, envelope.data);
      if (errors.length > 0) {
        logger.write('error', 'invalid event skipped', { consumer: BOOKING_PAYMENT_OUTCOMES_CONSUMER, eventId: envelope.id, type: envelope.type, errors });
        return;
      }
      const outcome = envelope as Outcome;
      if (outcome.data.purpose.type !== 'booking') return;
      const bookingId = outcome.data.purpose.id;
      await runWithContext({ correlationId: envelope.correlationId, causationId: envelope.id }, async () => {
        await inbox.handleOnce(envelope, (client) => applyOutcome(client, outcome, logger));
        await saga.advance(bookingId).catch((error) => logger.write('warn', 'booking not advanced yet (the recovery worker resumes it)', { bookingId, error: String(error) }));
      });
    },
  });
}

async function applyOutcome(client: PoolClient, outcome: Outcome, logger: JsonLogger): Promise<void> {
  const { data } = outcome;
  const bookingId = data.purpose.id;
  const booking = await lockBooking(client, bookingId);
  const base = { bookingId, now: data.occurredAt };
  const command: BookingCommand =
    outcome.type === 'PaymentSucceeded'
      ? { type: 'RecordPaymentSucceeded', ...base, paymentId: data.paymentId, amount: outcome.data.amount }
      : { type: 'RecordPaymentFailed', ...base, reason: `the card payment failed: ${outcome.data.reason}` };
  const decision = decide(command, booking);
  if (!decision.ok) {
    logger.write('error', 'payment outcome not applied to its booking', {
      alert: true,
      consumer: BOOKING_PAYMENT_OUTCOMES_CONSUMER,
      eventId: outcome.id,
      type: outcome.type,
      paymentId: data.paymentId,
      bookingId,
      rejection: decision.rejection,
    });
    return;
  }
  await applyBookingEvents(client, booking, decision.events, new Date(data.occurredAt));
}
