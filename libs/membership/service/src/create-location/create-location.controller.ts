import { CreateLocationRequest, LocationResponse } from '@credits/contracts/http';
import { CurrentActor, type RequestActor } from '@credits/platform';
import { Body, Controller, HttpCode, Inject, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Response } from 'express';
import { MEMBERSHIP_CLOCK, type MembershipClock } from '../shared/membership-clock';
import { withEventIds } from '../shared/membership-command';
import { CreateLocationCommand, type CreateLocationResult } from './create-location.handler';

@Controller('v1/locations')
export class CreateLocationController {
  constructor(private readonly commands: CommandBus, @Inject(MEMBERSHIP_CLOCK) private readonly clock: MembershipClock) {}

  @Post()
  @HttpCode(201)
  async create(
    @CurrentActor() actor: RequestActor,
    @Body() body: CreateLocationRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<LocationResponse> {
    return withEventIds(res, await this.commands.execute<CreateLocationCommand, CreateLocationResult>(new CreateLocationCommand(actor, body, this.clock.now())));
  }
}
