import { ApiRoutes, type BookingResponse } from '@credits/contracts/http';
import { CurrentActor, ParseIdPipe, type RequestActor } from '@credits/platform';
import { Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { BOOKING_CLOCK, type BookingClock } from '../shared/booking.tokens';
import { FulfillOrderCommand } from './fulfill-order.handler';

@Controller(ApiRoutes.bookingFulfill)
export class FulfillOrderController {
  constructor(private readonly commands: CommandBus, @Inject(BOOKING_CLOCK) private readonly clock: BookingClock) {}

  @Post()
  @HttpCode(200)
  fulfill(
    @CurrentActor() actor: RequestActor,
    @Param('locationId', ParseIdPipe('location')) locationId: string,
    @Param('bookingId', ParseIdPipe('booking')) bookingId: string,
  ): Promise<BookingResponse> {
    return this.commands.execute(new FulfillOrderCommand(actor, locationId, bookingId, this.clock.now()));
  }
}
