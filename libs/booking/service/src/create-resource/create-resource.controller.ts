import { ApiRoutes, CreateResourceRequest, type ResourceResponse } from '@credits/contracts/http';
import { CurrentActor, ParseIdPipe, type RequestActor } from '@credits/platform';
import { Body, Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { BOOKING_CLOCK, type BookingClock } from '../shared/booking.tokens';
import { CreateResourceCommand } from './create-resource.handler';

@Controller(ApiRoutes.resources)
export class CreateResourceController {
  constructor(private readonly commands: CommandBus, @Inject(BOOKING_CLOCK) private readonly clock: BookingClock) {}

  @Post()
  @HttpCode(201)
  create(@CurrentActor() actor: RequestActor, @Param('locationId', ParseIdPipe('location')) locationId: string, @Body() body: CreateResourceRequest): Promise<ResourceResponse> {
    return this.commands.execute(new CreateResourceCommand(actor, locationId, body, this.clock.now()));
  }
}
