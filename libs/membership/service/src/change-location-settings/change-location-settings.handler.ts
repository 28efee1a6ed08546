import type { LocationResponse, LocationSettingsRequest } from '@credits/contracts/http';
import { canAdministerLocation } from '@credits/membership-domain';
import { Problems, type RequestActor } from '@credits/platform';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import { readLocation } from '../shared/location.row';
import { inLocation, type Outcome } from '../shared/membership-command';
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
    if (request.creditsEnabled === undefined && request.discountAppliesToCredits === undefined) {
      throw Problems.validation([{ field: 'body', reason: 'give creditsEnabled and/or discountAppliesToCredits' }]);
    }
    return inLocation(this.pool, locationId, actor, now, async ({ client, caller, actor: by }) => {
      if (!canAdministerLocation(caller)) throw Problems.forbidden('only location admins can change settings');
      const current = (await readLocation(client, locationId))!;
      const next: LocationResponse = {
        ...current,
        creditsEnabled: request.creditsEnabled ?? current.creditsEnabled,
        discountAppliesToCredits: request.discountAppliesToCredits ?? current.discountAppliesToCredits,
      };
      if (next.creditsEnabled === current.creditsEnabled && next.discountAppliesToCredits === current.discountAppliesToCredits) {
        return { result: current, events: [] };
      }
      await client.query(
        `UPDATE membership.locations SET credits_enabled = $2, discount_applies_to_credits = $3 WHERE id = $1`,
        [locationId, next.creditsEnabled, next.discountAppliesToCredits],
      );
      return {
        result: next,
        events: [
          {
            type: 'LocationSettingsChanged',
            version: 1,
            data: { locationId, occurredAt: now.toISOString(), actor: by, creditsEnabled: next.creditsEnabled, discountAppliesToCredits: next.discountAppliesToCredits },
          },
        ],
      };
    });
  }
}
