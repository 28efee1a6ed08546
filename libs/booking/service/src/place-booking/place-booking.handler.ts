import { decide, type Booking, type BookingKind, type BookingTarget, type PaymentChoice } from '@credits/booking-domain';
import { creditsFromText, creditsToText } from '@credits/contracts';
import type { BookingResponse } from '@credits/contracts/http';
import { withTransaction } from '@credits/event-store';
import { Problems, type MemberFactsSource, type RequestActor } from '@credits/platform';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { applyBookingEvents } from '../shared/booking-effects';
import { bookingProblem } from '../shared/booking-problems';
import { claimRequest, requestHash, saveRequest, type BookingRequestKey } from '../shared/booking-request.store';
import type { BookingSaga } from '../shared/booking.saga';
import { bookingResponse } from '../shared/booking.store';
import { BOOKING_POOL, BOOKING_SAGA, MEMBER_FACTS } from '../shared/booking.tokens';
import { loadResource } from '../shared/resource.store';

export interface PlaceBookingInput {
  readonly resourceId: string;
  readonly target: BookingTarget;
  readonly payment: { readonly method: PaymentChoice['method']; readonly companyId?: string; readonly maxCredits?: string };
}

export class PlaceBookingCommand {
  constructor(
    readonly actor: RequestActor,
    readonly locationId: string,
    readonly kind: BookingKind,
    readonly input: PlaceBookingInput,
    readonly idempotencyKey: string,
    readonly now: Date,
  ) {}
}

export interface PlaceBookingResult {
  readonly response: BookingResponse;
  /** the booking an earlier request with the same Idempotency-Key made */
  readonly replayed: boolean;
}

/**
 * Books a room, a desk day (a check-in), event tickets or products (R16). Membership is asked who
 * the caller is now, before anything else, a stored answer included. One transaction places the
 * booking and takes what it occupies (the database refuses a taken slot: 409, nothing held); then
 * the saga holds and captures the credits (keys derived from the booking id). Card and split start
 * the card payment (split: after the hold) and answer awaiting_payment with its client secret. The
 * answer is the booking as it stands, or 409 with the shortfall when the credits were not there.
 */
@CommandHandler(PlaceBookingCommand)
export class PlaceBookingHandler implements ICommandHandler<PlaceBookingCommand, PlaceBookingResult> {
  constructor(
    @Inject(BOOKING_POOL) private readonly pool: Pool,
    @Inject(MEMBER_FACTS) private readonly members: MemberFactsSource,
    @Inject(BOOKING_SAGA) private readonly saga: BookingSaga,
  ) {}

  async execute(command: PlaceBookingCommand): Promise<PlaceBookingResult> {
    const { actor, locationId, input, now } = command;
    const companyId = input.payment.method === 'company-credits' ? input.payment.companyId : undefined;
    const facts = await this.members.facts(locationId, actor.userId, companyId);
    const resource = await loadResource(this.pool, locationId, input.resourceId);
    const payment: PaymentChoice = { method: input.payment.method, companyId, maxCredits: input.payment.maxCredits === undefined ? undefined : creditsFromText(input.payment.maxCredits) };
    const bookingId = randomUUID();
    const place = { type: 'PlaceBooking', bookingId, now: now.toISOString(), locationId, userId: actor.userId, kind: command.kind, resource, facts, target: input.target, payment } as const;
    // Who first: a caller the decider turns away learns nothing, not even a stored answer.
    const who = decide({ ...place, target: {}, payment: { method: 'personal-credits' } }, null);
    if (!who.ok && (who.rejection.type === 'location-not-found' || who.rejection.type === 'resource-not-found')) throw bookingProblem(who.rejection);

    const key: BookingRequestKey = { locationId, callerId: actor.userId, idempotencyKey: command.idempotencyKey };
    const hash = requestHash([command.kind, input.resourceId, input.target.start, input.target.end, input.target.date, input.target.quantity, payment.method, companyId, input.payment.maxCredits]);
    const placed = await withTransaction(this.pool, async (client): Promise<{ bookingId: string; replayed: boolean }> => {
      const earlier = await claimRequest(client, key, hash);
      if (earlier) return { bookingId: earlier, replayed: true };
      const decision = decide(place, null);
      if (!decision.ok) throw bookingProblem(decision.rejection);
      await applyBookingEvents(client, null, decision.events, now);
      await saveRequest(client, key, hash, bookingId);
      return { bookingId, replayed: false };
    });
    const booking = await this.saga.advance(placed.bookingId);
    return { response: answer(booking), replayed: placed.replayed };
  }
}

/** A booking the credits could not pay for is a 409 with the shortfall; otherwise the booking. */
function answer(booking: Booking): BookingResponse {
  if (booking.status === 'failed') {
    if (booking.shortfall !== null) {
      throw Problems.conflict('insufficient-credits', 'Not enough credits', booking.failureReason ?? 'not enough credits', { shortfall: creditsToText(booking.shortfall), bookingId: booking.bookingId });
    }
    throw Problems.conflict('booking-failed', 'Booking failed', booking.failureReason ?? 'the booking failed', { bookingId: booking.bookingId });
  }
  // Card and split: the booker confirms the card payment with its client secret (Stripe.js).
  return bookingResponse(booking, booking.userId);
}
