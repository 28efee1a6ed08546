import { decide } from '@credits/booking-domain';
import type { CancelBookingResponse } from '@credits/contracts/http';
import { withTransaction } from '@credits/event-store';
import { Problems, type MemberFactsSource, type RequestActor } from '@credits/platform';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import { loadCaller, requireInside } from '../shared/booking-caller';
import { applyBookingEvents } from '../shared/booking-effects';
import { bookingProblem } from '../shared/booking-problems';
import type { BookingSaga } from '../shared/booking.saga';
import { loadBooking, lockBooking, refundView } from '../shared/booking.store';
import { BOOKING_POOL, BOOKING_SAGA, MEMBER_FACTS } from '../shared/booking.tokens';

export class CancelBookingCommand {
  constructor(readonly actor: RequestActor, readonly locationId: string, readonly bookingId: string, readonly now: Date) {}
}

/**
 * Cancels a booking (its booker or an admin): the refund is what the resource's policy gives at this
 * instant (R9); what it occupied is free at once; the credits go back to the lots they came from
 * through the ledger's refund (key derived from the booking id). A second cancel changes nothing
 * and answers the same refund.
 */
@CommandHandler(CancelBookingCommand)
export class CancelBookingHandler implements ICommandHandler<CancelBookingCommand, CancelBookingResponse> {
  constructor(
    @Inject(BOOKING_POOL) private readonly pool: Pool,
    @Inject(MEMBER_FACTS) private readonly members: MemberFactsSource,
    @Inject(BOOKING_SAGA) private readonly saga: BookingSaga,
  ) {}

  async execute({ actor, locationId, bookingId, now }: CancelBookingCommand): Promise<CancelBookingResponse> {
    const caller = await loadCaller(this.members, locationId, actor);
    const visible = await loadBooking(this.pool, locationId, bookingId);
    const notFound = Problems.notFound(`booking ${bookingId} does not exist`);
    if (!visible || (!caller.isAdmin && visible.userId !== actor.userId)) throw notFound;
    if (!caller.isAdmin && visible.resourceType !== 'event') requireInside(caller, locationId);
    await withTransaction(this.pool, async (client) => {
      const before = await lockBooking(client, bookingId);
      const decision = decide({ type: 'CancelBooking', bookingId, now: now.toISOString(), actorId: actor.userId }, before);
      if (!decision.ok) throw bookingProblem(decision.rejection);
      await applyBookingEvents(client, before, decision.events, now);
    });
    const booking = await this.saga.advance(bookingId);
    return {
      id: booking.bookingId,
      status: booking.status,
      refund: refundView(booking),
    };
  }
}
