import { decide, type Booking, type BookingCommand } from '@credits/booking-domain';
import { withTransaction } from '@credits/event-store';
import type { Pool } from 'pg';
import { applyBookingEvents } from './booking-effects';
import { bookingProblem } from './booking-problems';
import { lockBooking } from './booking.store';
import type { BookingClock } from './booking.tokens';
import type { LedgerCreditsClient, LedgerOutcome } from './ledger-credits.client';

/** How long held credits wait for their capture before the ledger gives them back by itself. */
export const HOLD_MINUTES = 15;

/**
 * Drives a booking through its steps: hold the credits, capture them, refund a cancellation. The
 * booking row's status says which step is next; each step is a ledger call with a key derived from
 * the booking id, then one transaction that records its outcome through the decider. A crash
 * between any two steps leaves a status that `advance` (the request's retry, or the recovery
 * worker) resumes from, and a step repeated answers as the first time.
 */
export class BookingSaga {
  constructor(
    private readonly pool: Pool,
    private readonly ledger: LedgerCreditsClient,
    private readonly clock: BookingClock,
  ) {}

  /** Takes the next steps until the booking is confirmed, failed, cancelled or waits on someone else; returns it then. */
  async advance(bookingId: string): Promise<Booking> {
    for (;;) {
      const booking = (await this.pool.query<{ state: Booking }>(`SELECT state FROM booking.bookings WHERE id = $1`, [bookingId])).rows[0].state;
      const command = await this.nextStep(booking);
      if (command === null) return booking;
      await this.record(command);
    }
  }

  private async nextStep(booking: Booking): Promise<BookingCommand | null> {
    const base = { bookingId: booking.bookingId };
    switch (booking.status) {
      case 'pending': {
        // Nothing in credits: a card payment moves it on (awaiting_payment), not the ledger.
        if (booking.credits === 0) return null;
        const outcome = await this.ledger.hold(booking, new Date(Date.parse(booking.createdAt) + HOLD_MINUTES * 60_000));
        return outcome.ok
          ? { ...base, type: 'RecordCreditsHeld', now: this.now(), holdId: outcome.holdId }
          : { ...base, type: 'RecordHoldRefused', now: this.now(), reason: outcome.reason, shortfall: outcome.shortfall };
      }
      case 'held': {
        const outcome = await this.ledger.capture(booking);
        return outcome.ok ? { ...base, type: 'RecordCaptured', now: this.now() } : { ...base, type: 'RecordHoldLost', now: this.now(), reason: outcome.reason };
      }
      case 'cancelling': {
        if ((booking.refundCredits ?? 0) === 0) return null;
        const outcome: LedgerOutcome = await this.ledger.refund(booking);
        if (!outcome.ok) throw new Error(`the ledger refused the refund of booking ${booking.bookingId}: ${outcome.reason}`);
        return { ...base, type: 'RecordRefunded', now: this.now() };
      }
      case 'awaiting_payment':
      case 'confirmed':
      case 'cancelled':
      case 'failed':
        return null;
    }
  }

  private now(): string {
    return this.clock.now().toISOString();
  }

  private record(command: BookingCommand): Promise<Booking> {
    return withTransaction(this.pool, async (client) => {
      const before = await lockBooking(client, command.bookingId);
      const decision = decide(command, before);
      if (!decision.ok) throw bookingProblem(decision.rejection);
      return applyBookingEvents(client, before, decision.events, new Date(command.now));
    });
  }
}
