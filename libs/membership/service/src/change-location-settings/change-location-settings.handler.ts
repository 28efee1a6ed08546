import type { LocationResponse, LocationSettingsRequest } from '@credits/contracts/http';
import { withTransaction } from '@credits/event-store';
import { canAdministerLocation } from '@credits/membership-domain';
import { Problems, type RequestActor } from '@credits/platform';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import { hideFromStrangers, loadCaller } from '../shared/caller-role.query';
import { readLocation } from '../shared/location.row';
import { lockLocation, recordEvents } from '../shared/membership-events.recorder';
import { MEMBERSHIP_POOL } from '../shared/membership.tokens';

export class ChangeLocationSettingsCommand {
  constructor(
    readonly actor: RequestActor,
    readonly locationId: string,
    readonly request: LocationSettingsRequest,
    readonly now: Date,
  ) {}
}

export interface ChangeLocationSettingsResult {
  readonly location: LocationResponse;
  readonly eventIds: string[];
}

@CommandHandler(ChangeLocationSettingsCommand)
export class ChangeLocationSettingsHandler implements ICommandHandler<ChangeLocationSettingsCommand, ChangeLocationSettingsResult> {
  constructor(@Inject(MEMBERSHIP_POOL) private readonly pool: Pool) {}

  async execute({ actor, locationId, request, now }: ChangeLocationSettingsCommand): Promise<ChangeLocationSettingsResult> {
    if (request.creditsEnabled === undefined && request.discountAppliesToCredits === undefined) {
      throw Problems.validation([{ field: 'body', reason: 'give creditsEnabled and/or discountAppliesToCredits' }]);
    }
    return withTransaction(this.pool, async (client) => {
      await lockLocation(client, locationId);
      const caller = await loadCaller(client, locationId, actor);
      hideFromStrangers(caller, locationId);
      if (!canAdministerLocation(caller)) throw Problems.forbidden('only location admins can change settings');
      const current = (await readLocation(client, locationId))!;
      const next: LocationResponse = {
        ...current,
        creditsEnabled: request.creditsEnabled ?? current.creditsEnabled,
        discountAppliesToCredits: request.discountAppliesToCredits ?? current.discountAppliesToCredits,
      };
      if (next.creditsEnabled === current.creditsEnabled && next.discountAppliesToCredits === current.discountAppliesToCredits) {
        return { location: current, eventIds: [] };
      }
      await client.query(
        `UPDATE membership.locations SET credits_enabled = $2, discount_applies_to_credits = $3 WHERE id = $1`,
        [locationId, next.creditsEnabled, next.discountAppliesToCredits],
      );
      const eventIds = await recordEvents(client, [
        {
          type: 'LocationSettingsChanged',
          version: 1,
          data: {
            locationId,
            occurredAt: now.toISOString(),
            actor: { type: actor.isOperator ? 'operator' : 'user', id: actor.userId },
            creditsEnabled: next.creditsEnabled,
            discountAppliesToCredits: next.discountAppliesToCredits,
          },
        },
      ]);
      return { location: next, eventIds };
    });
  }
}
