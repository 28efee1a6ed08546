import { decide, latePaymentRefundDue, refundPartsSettled, type Booking, type BookingCommand, type RefundPart } from '@credits/booking-domain';
import { withTransaction } from '@credits/event-store';
import type { Money } from '@credits/contracts';
import { PaymentRefused, type JsonLogger, type PaymentsClient } from '@credits/platform';
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
    private readonly payments: PaymentsClient,
    /** how long a card payment may take; the hold of a split booking outlives it */
    private readonly paymentTimeoutMs: number,
    /** alerts: a refund refused for good needs a person */
    private readonly logger: JsonLogger,
  ) {}

  /** Takes the next steps until the booking is confirmed, failed (hold released, a late payment refunded), cancelled or waits on the card; returns it then. */
  async advance(bookingId: string): Promise<Booking> {
    for (;;) {
      const booking = (await this.pool.query<{ state: Booking }>(`SELECT state FROM booking.bookings WHERE id = $1`, [bookingId])).rows[0].state;
      const command = await this.nextStep(booking);
      if (command === null) return booking;
      await this.record(command);
    }
  }

  /** Records an outcome decided outside the saga (a card payment that timed out), then takes the steps that follow. */
  async recordThenAdvance(command: BookingCommand): Promise<Booking> {
    await this.record(command);
    return this.advance(command.bookingId);
  }

  private async nextStep(booking: Booking): Promise<BookingCommand | null> {
    const base = { bookingId: booking.bookingId };
    switch (booking.status) {
      case 'pending': {
        // Nothing in credits (card): straight to the card payment.
        if (booking.credits === 0) return this.startPayment(booking);
        const cardWait = booking.money.amount > 0 ? this.paymentTimeoutMs : 0;
        const outcome = await this.ledger.hold(booking, new Date(Date.parse(booking.createdAt) + HOLD_MINUTES * 60_000 + cardWait));
        return outcome.ok
          ? { ...base, type: 'RecordCreditsHeld', now: this.now(), holdId: outcome.holdId }
          : { ...base, type: 'RecordHoldRefused', now: this.now(), reason: outcome.reason, shortfall: outcome.shortfall };
      }
      case 'held':
        // split: the card part is paid before the credits are captured.
        if (booking.money.amount > 0) return this.startPayment(booking);
        return this.capture(booking);
      case 'awaiting_payment':
        return booking.paid === true && booking.credits > 0 ? this.capture(booking) : null;
      case 'cancelling': {
        const done = refundPartsSettled(booking);
        if ((booking.refundCredits ?? 0) > 0 && !done.includes('credits')) return this.refundCredits(booking);
        if ((booking.refundMoney?.amount ?? 0) > 0 && !done.includes('money')) {
          try {
            await this.refundCard(booking, booking.payment!.paymentId, booking.refundMoney!, 'refund', `booking ${booking.bookingId} cancelled (${booking.refundPercent}% refund)`);
          } catch (error) {
            if (error instanceof PaymentRefused) return this.refundRefused(booking, 'money', `payments refused the card refund: ${error.reason}`);
            throw error;
          }
          return { ...base, type: 'RecordRefunded', part: 'money', now: this.now() };
        }
        return null;
      }
      case 'failed': {
        if (booking.holdId !== null && !booking.holdReleased) {
          // A refusal means the ledger let the hold go already (it expired): released all the same.
          await this.ledger.release(booking);
          return { ...base, type: 'RecordHoldReleased', now: this.now() };
        }
        if (booking.latePayment && latePaymentRefundDue(booking)) {
          const { paymentId, amount } = booking.latePayment;
          try {
            await this.refundCard(booking, paymentId, amount, 'late-refund', `booking ${booking.bookingId} failed before its payment arrived`);
          } catch (error) {
            // Refused for good: recorded once (never retried, never refunded twice) and a person settles it.
            if (!(error instanceof PaymentRefused)) throw error;
            const reason = `payments refused the late payment's card refund: ${error.reason}`;
            this.logger.write('error', 'ALERT booking late payment refund refused for good: settle it by hand', { bookingId: booking.bookingId, paymentId, amount, reason });
            return { ...base, type: 'RecordLatePaymentRefundRefused', now: this.now(), reason };
          }
          return { ...base, type: 'RecordLatePaymentRefunded', now: this.now() };
        }
        return null;
      }
      case 'confirmed':
      case 'cancelled':
        return null;
    }
  }

  private async startPayment(booking: Booking): Promise<BookingCommand> {
    let created;
    try {
      // One payment per booking: a retry answers the same payment.
      created = await this.payments.create({
        locationId: booking.locationId,
        payer: { ownerType: 'user', ownerId: booking.userId },
        purpose: { type: 'booking', id: booking.bookingId },
        amount: booking.money,
        description: `${booking.resourceName}: booking ${booking.bookingId}`,
      });
    } catch (error) {
      // Payments decided (e.g. amount or currency refused): the booking fails for good, its hold is released next.
      if (error instanceof PaymentRefused) return { type: 'RecordPaymentFailed', bookingId: booking.bookingId, now: this.now(), reason: `card payment refused: ${error.reason}` };
      throw error;
    }
    return {
      type: 'RecordPaymentStarted',
      bookingId: booking.bookingId,
      now: this.now(),
      payment: { paymentId: created.paymentId, paymentIntentId: created.paymentIntentId, clientSecret: created.clientSecret },
    };
  }

  /**
   * The credits back through the ledger (a repeat under the same key answers the first refund). A
   * refusal is final (wallet gone, credits off, nothing refundable left because they went back by
   * another way): recorded, never retried or given twice, and a person is alerted to settle it.
   * A refusal whose `refundable` is 0.00 is NOT taken as "already refunded": booking's own refund is
   * idempotent under its key, so a repeat of it answers ok; a refusal therefore means the credits went
   * back by another way (an admin, another key), possibly only in part, and a person must check it.
   */
  private async refundCredits(booking: Booking): Promise<BookingCommand> {
    const outcome: LedgerOutcome = await this.ledger.refund(booking);
    if (outcome.ok) return { type: 'RecordRefunded', bookingId: booking.bookingId, part: 'credits', now: this.now() };
    return this.refundRefused(booking, 'credits', `the ledger refused the credits refund: ${outcome.reason}`);
  }

  private refundRefused(booking: Booking, part: RefundPart, reason: string): BookingCommand {
    this.logger.write('error', 'ALERT booking refund refused for good: settle it by hand', { bookingId: booking.bookingId, part, reason, refundCredits: booking.refundCredits, refundMoney: booking.refundMoney });
    return { type: 'RecordRefundRefused', bookingId: booking.bookingId, part, reason, now: this.now() };
  }

  /** The card part back to the card, under a key derived from the booking id and the step, so a repeat refunds once. */
  private refundCard(booking: Booking, paymentId: string, amount: Money, step: 'refund' | 'late-refund', reason: string): Promise<void> {
    return this.payments.refund(paymentId, { amount, method: 'card', reason }, `booking:${booking.bookingId}:${step}`);
  }

  private async capture(booking: Booking): Promise<BookingCommand> {
    const base = { bookingId: booking.bookingId };
    const outcome = await this.ledger.capture(booking);
    return outcome.ok ? { ...base, type: 'RecordCaptured', now: this.now() } : { ...base, type: 'RecordHoldLost', now: this.now(), reason: outcome.reason };
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
