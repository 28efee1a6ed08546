import { LocationResponse, LocationSettingsRequest } from '@credits/contracts/http';
import { CurrentActor, ParseIdPipe, Problems, type RequestActor } from '@credits/platform';
import { Body, Controller, Inject, Param, Patch, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Response } from 'express';
import { MEMBERSHIP_CLOCK, type MembershipClock } from '../shared/membership-clock';
import { withEventIds } from '../shared/membership-command';
import { ChangeLocationSettingsCommand, type ChangeLocationSettingsResult } from './change-location-settings.handler';

@Controller('v1/locations/:locationId/settings')
export class ChangeLocationSettingsController {
  constructor(private readonly commands: CommandBus, @Inject(MEMBERSHIP_CLOCK) private readonly clock: MembershipClock) {}

  @Patch()
  async change(
    @CurrentActor() actor: RequestActor,
    @Param('locationId', ParseIdPipe('location')) locationId: string,
    @Body() body: LocationSettingsRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<LocationResponse> {
    const fields = ['creditsEnabled', 'discountAppliesToCredits'] as const;
    if (fields.every((field) => body[field] === undefined)) throw Problems.nothingToChange(fields);
    const command = new ChangeLocationSettingsCommand(actor, locationId, body, this.clock.now());
    return withEventIds(res, await this.commands.execute<ChangeLocationSettingsCommand, ChangeLocationSettingsResult>(command));
  }
}
