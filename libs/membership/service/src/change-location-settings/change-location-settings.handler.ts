import type { LocationResponse, LocationSettingsRequest } from '@credits/contracts/http';
import { decideSettingsChange } from '@credits/membership-domain';
import type { RequestActor } from '@credits/platform';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import { readLocation, saveSettings } from '../shared/location.store';
import { decided, inLocation, type Outcome } from '../shared/membership-command';
import { MEMBERSHIP_POOL } from '../shared/membership.tokens';

export class ChangeLocationSettingsCommand {
  constructor(
    readonly actor: RequestActor,
    readonly locationId: string,
    readonly request: LocationSettingsRequest,
    readonly now: Date,
  ) {}
}

export type ChangeLocationSettingsResult = Outcome<LocationResponse>;

@CommandHandler(ChangeLocationSettingsCommand)
export class ChangeLocationSettingsHandler implements ICommandHandler<ChangeLocationSettingsCommand, ChangeLocationSettingsResult> {
  constructor(@Inject(MEMBERSHIP_POOL) private readonly pool: Pool) {}

  async execute({ actor, locationId, request, now }: ChangeLocationSettingsCommand): Promise<ChangeLocationSettingsResult> {
    return inLocation(this.pool, locationId, actor, now, async ({ client, caller, meta }) => {
      // inLocation found the location under its lock.
      const location = (await readLocation(client, locationId))!;
      const { state, events } = decided(decideSettingsChange(request, { caller, settings: location }, meta));
      if (events.length > 0) await saveSettings(client, locationId, state);
      return { result: { ...location, ...state }, events };
    });
  }
}
