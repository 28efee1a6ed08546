import type { BookingResponse } from '@credits/contracts/http';
import { Problems, type MemberFactsSource, type RequestActor } from '@credits/platform';
import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import { loadCaller } from '../shared/booking-caller';
import { bookingResponse, listBookings, loadBooking } from '../shared/booking.store';
import { BOOKING_POOL, MEMBER_FACTS } from '../shared/booking.tokens';

/** One booking (`bookingId`) or a list (`userId`: default your own; admins any, or all without it). */
export class ViewBookingsQuery {
  constructor(readonly actor: RequestActor, readonly locationId: string, readonly filter: { readonly bookingId?: string; readonly userId?: string }) {}
}

/** Members see their own bookings (people outside the location their tickets); admins all of the location. */
@QueryHandler(ViewBookingsQuery)
export class ViewBookingsHandler implements IQueryHandler<ViewBookingsQuery, BookingResponse | BookingResponse[]> {
  constructor(@Inject(BOOKING_POOL) private readonly pool: Pool, @Inject(MEMBER_FACTS) private readonly members: MemberFactsSource) {}

  async execute({ actor, locationId, filter }: ViewBookingsQuery): Promise<BookingResponse | BookingResponse[]> {
    const caller = await loadCaller(this.members, locationId, actor);
    if (filter.bookingId !== undefined) {
      const booking = await loadBooking(this.pool, locationId, filter.bookingId);
      if (!booking || (!caller.isAdmin && booking.userId !== actor.userId)) throw Problems.notFound(`booking ${filter.bookingId} does not exist`);
      return bookingResponse(booking, actor.userId);
    }
    const userId = filter.userId ?? (caller.isAdmin ? null : actor.userId);
    if (!caller.isAdmin && userId !== actor.userId) throw Problems.forbidden('you can only see your own bookings');
    return (await listBookings(this.pool, locationId, userId)).map((booking) => bookingResponse(booking, actor.userId));
  }
}
