import { ApiRoutes, type CancelBookingResponse } from '@credits/contracts/http';
import { CurrentActor, ParseIdPipe, type RequestActor } from '@credits/platform';
import { Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { BOOKING_CLOCK, type BookingClock } from '../shared/booking.tokens';
import { CancelBookingCommand } from './cancel-booking.handler';

@Controller(ApiRoutes.bookingCancel)
export class CancelBookingController {
  constructor(private readonly commands: CommandBus, @Inject(BOOKING_CLOCK) private readonly clock: BookingClock) {}

  @Post()
  @HttpCode(200)
  cancel(
    @CurrentActor() actor: RequestActor,
    @Param('locationId', ParseIdPipe('location')) locationId: string,
    @Param('bookingId', ParseIdPipe('booking')) bookingId: string,
  ): Promise<CancelBookingResponse> {
    return this.commands.execute(new CancelBookingCommand(actor, locationId, bookingId, this.clock.now()));
  }
}
