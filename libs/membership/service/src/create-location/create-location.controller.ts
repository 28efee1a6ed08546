import { CreateLocationRequest, LocationResponse } from '@credits/contracts/http';
import { CurrentActor, type RequestActor } from '@credits/platform';
import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Response } from 'express';
import { EVENT_IDS_HEADER } from '../shared/membership.tokens';
import { CreateLocationCommand, type CreateLocationResult } from './create-location.handler';

@Controller('v1/locations')
export class CreateLocationController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(201)
  async create(
    @CurrentActor() actor: RequestActor,
    @Body() body: CreateLocationRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<LocationResponse> {
    const result = await this.commands.execute<CreateLocationCommand, CreateLocationResult>(new CreateLocationCommand(actor, body, new Date()));
    res.setHeader(EVENT_IDS_HEADER, result.eventIds.join(','));
    return result.location;
  }
}
