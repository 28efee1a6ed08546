import { LocationResponse, LocationSettingsRequest } from '@credits/contracts/http';
import { CurrentActor, ParseIdPipe, type RequestActor } from '@credits/platform';
import { Body, Controller, Param, Patch, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Response } from 'express';
import { EVENT_IDS_HEADER } from '../shared/membership.tokens';
import { ChangeLocationSettingsCommand, type ChangeLocationSettingsResult } from './change-location-settings.handler';

@Controller('v1/locations/:locationId/settings')
export class ChangeLocationSettingsController {
  constructor(private readonly commands: CommandBus) {}

  @Patch()
  async change(
    @CurrentActor() actor: RequestActor,
    @Param('locationId', ParseIdPipe('location')) locationId: string,
    @Body() body: LocationSettingsRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<LocationResponse> {
    const result = await this.commands.execute<ChangeLocationSettingsCommand, ChangeLocationSettingsResult>(
      new ChangeLocationSettingsCommand(actor, locationId, body, new Date()),
    );
    res.setHeader(EVENT_IDS_HEADER, result.eventIds.join(','));
    return result.location;
  }
}
