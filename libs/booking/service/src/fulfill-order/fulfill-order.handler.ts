import { decide } from '@credits/booking-domain';
import type { BookingResponse } from '@credits/contracts/http';
import { withTransaction } from '@credits/event-store';
import { Problems, type MemberFactsSource, type RequestActor } from '@credits/platform';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import { loadCaller, requireAdmin } from '../shared/booking-caller';
import { applyBookingEvents } from '../shared/booking-effects';
import { bookingProblem } from '../shared/booking-problems';
import { bookingResponse, lockBooking } from '../shared/booking.store';
import { BOOKING_POOL, MEMBER_FACTS } from '../shared/booking.tokens';

export class FulfillOrderCommand {
  constructor(readonly actor: RequestActor, readonly locationId: string, readonly bookingId: string, readonly now: Date) {}
}

/**
 * An admin hands an order's products over (R9: products are refundable until the order is
 * fulfilled): from then on the order cannot be cancelled, so its stock stays sold. A second fulfill
 * changes nothing and answers the same order.
 */
@CommandHandler(FulfillOrderCommand)
export class FulfillOrderHandler implements ICommandHandler<FulfillOrderCommand, BookingResponse> {
  constructor(
    @Inject(BOOKING_POOL) private readonly pool: Pool,
    @Inject(MEMBER_FACTS) private readonly members: MemberFactsSource,
  ) {}

  async execute({ actor, locationId, bookingId, now }: FulfillOrderCommand): Promise<BookingResponse> {
    requireAdmin(await loadCaller(this.members, locationId, actor), locationId, 'fulfill orders');
    const order = await withTransaction(this.pool, async (client) => {
      const before = await lockBooking(client, bookingId);
      if (before?.locationId !== locationId) throw Problems.notFound(`booking ${bookingId} does not exist`);
      const decision = decide({ type: 'FulfillOrder', bookingId, now: now.toISOString(), actorId: actor.userId }, before);
      if (!decision.ok) throw bookingProblem(decision.rejection);
      return applyBookingEvents(client, before, decision.events, now);
    });
    return bookingResponse(order, actor.userId);
  }
}
