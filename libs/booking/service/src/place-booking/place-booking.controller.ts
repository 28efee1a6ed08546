import { ApiRoutes, CreateBookingRequest, type BookingResponse } from '@credits/contracts/http';
import { CurrentActor, ParseIdPipe, type RequestActor } from '@credits/platform';
import { Body, Controller, Headers, HttpCode, Inject, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Response } from 'express';
import { requireIdempotencyKey } from '../shared/booking-request.store';
import { BOOKING_CLOCK, type BookingClock } from '../shared/booking.tokens';
import { PlaceBookingCommand, type PlaceBookingResult } from './place-booking.handler';

@Controller(ApiRoutes.bookings)
export class PlaceBookingController {
  constructor(private readonly commands: CommandBus, @Inject(BOOKING_CLOCK) private readonly clock: BookingClock) {}

  @Post()
  @HttpCode(201)
  async book(
    @CurrentActor() actor: RequestActor,
    @Param('locationId', ParseIdPipe('location')) locationId: string,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Body() body: CreateBookingRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<BookingResponse> {
    const key = requireIdempotencyKey(idempotencyKey);
    const { resourceId, payment, start, end, date, quantity } = body;
    const result = await this.commands.execute<PlaceBookingCommand, PlaceBookingResult>(
      new PlaceBookingCommand(actor, locationId, 'booking', { resourceId, payment, target: { start, end, date, quantity } }, key, this.clock.now()),
    );
    if (result.replayed) res.setHeader('idempotent-replayed', 'true');
    return result.response;
  }
}
