import { ApiRoutes, CheckInRequest, type BookingResponse } from '@credits/contracts/http';
import { CurrentActor, ParseIdPipe, type RequestActor } from '@credits/platform';
import { Body, Controller, Headers, HttpCode, Inject, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Response } from 'express';
import { PlaceBookingCommand, type PlaceBookingResult } from '../place-booking/place-booking.handler';
import { requireIdempotencyKey } from '../shared/booking-request.store';
import { BOOKING_CLOCK, type BookingClock } from '../shared/booking.tokens';

/** A desk day pass, booked and paid like a booking; one per user per day (the database refuses a second). */
@Controller(ApiRoutes.checkIns)
export class CheckInController {
  constructor(private readonly commands: CommandBus, @Inject(BOOKING_CLOCK) private readonly clock: BookingClock) {}

  @Post()
  @HttpCode(201)
  async checkIn(
    @CurrentActor() actor: RequestActor,
    @Param('locationId', ParseIdPipe('location')) locationId: string,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Body() body: CheckInRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<BookingResponse> {
    const key = requireIdempotencyKey(idempotencyKey);
    const result = await this.commands.execute<PlaceBookingCommand, PlaceBookingResult>(
      new PlaceBookingCommand(actor, locationId, 'check-in', { resourceId: body.resourceId, payment: body.payment, target: { date: body.date } }, key, this.clock.now()),
    );
    if (result.replayed) res.setHeader('idempotent-replayed', 'true');
    return result.response;
  }
}
