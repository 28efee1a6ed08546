import { ApiRoutes, type ResourceResponse } from '@credits/contracts/http';
import { CurrentActor, ParseIdPipe, type RequestActor } from '@credits/platform';
import { Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { BOOKING_CLOCK, type BookingClock } from '../shared/booking.tokens';
import { ArchiveResourceCommand } from './archive-resource.handler';

@Controller(ApiRoutes.resourceArchive)
export class ArchiveResourceController {
  constructor(private readonly commands: CommandBus, @Inject(BOOKING_CLOCK) private readonly clock: BookingClock) {}

  @Post()
  @HttpCode(200)
  archive(
    @CurrentActor() actor: RequestActor,
    @Param('locationId', ParseIdPipe('location')) locationId: string,
    @Param('resourceId', ParseIdPipe('resource')) resourceId: string,
  ): Promise<ResourceResponse> {
    return this.commands.execute(new ArchiveResourceCommand(actor, locationId, resourceId, this.clock.now()));
  }
}
