import { ApiRoutes, UpdateResourceRequest, type ResourceResponse } from '@credits/contracts/http';
import { CurrentActor, ParseIdPipe, type RequestActor } from '@credits/platform';
import { Body, Controller, Inject, Param, Patch } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { BOOKING_CLOCK, type BookingClock } from '../shared/booking.tokens';
import { ChangeResourceCommand } from './change-resource.handler';

@Controller(ApiRoutes.resource)
export class ChangeResourceController {
  constructor(private readonly commands: CommandBus, @Inject(BOOKING_CLOCK) private readonly clock: BookingClock) {}

  @Patch()
  change(
    @CurrentActor() actor: RequestActor,
    @Param('locationId', ParseIdPipe('location')) locationId: string,
    @Param('resourceId', ParseIdPipe('resource')) resourceId: string,
    @Body() body: UpdateResourceRequest,
  ): Promise<ResourceResponse> {
    return this.commands.execute(new ChangeResourceCommand(actor, locationId, resourceId, body, this.clock.now()));
  }
}
