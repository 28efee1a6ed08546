import { ApiRoutes, BookingsQuery, type BookingResponse } from '@credits/contracts/http';
import { CurrentActor, ParseIdPipe, type RequestActor } from '@credits/platform';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ViewBookingsQuery } from './view-bookings.handler';

@Controller()
export class ViewBookingsController {
  constructor(private readonly queries: QueryBus) {}

  @Get(ApiRoutes.bookings)
  list(@CurrentActor() actor: RequestActor, @Param('locationId', ParseIdPipe('location')) locationId: string, @Query() query: BookingsQuery): Promise<BookingResponse[]> {
    return this.queries.execute(new ViewBookingsQuery(actor, locationId, { userId: query.userId }));
  }

  @Get(ApiRoutes.booking)
  one(
    @CurrentActor() actor: RequestActor,
    @Param('locationId', ParseIdPipe('location')) locationId: string,
    @Param('bookingId', ParseIdPipe('booking')) bookingId: string,
  ): Promise<BookingResponse> {
    return this.queries.execute(new ViewBookingsQuery(actor, locationId, { bookingId }));
  }
}
