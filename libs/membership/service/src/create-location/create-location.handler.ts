import type { CreateLocationRequest, LocationResponse } from '@credits/contracts/http';
import { withTransaction } from '@credits/event-store';
import { Problems, type RequestActor } from '@credits/platform';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import type { Outcome } from '../shared/membership-command';
import { insertLocation } from '../shared/location.store';
import { lockLocation, recordEvents } from '../shared/membership-events.recorder';
import { MEMBERSHIP_POOL } from '../shared/membership.tokens';

export class CreateLocationCommand {
  constructor(readonly actor: RequestActor, readonly request: CreateLocationRequest, readonly now: Date) {}
}

export type CreateLocationResult = Outcome<LocationResponse>;

@CommandHandler(CreateLocationCommand)
export class CreateLocationHandler implements ICommandHandler<CreateLocationCommand, CreateLocationResult> {
  constructor(@Inject(MEMBERSHIP_POOL) private readonly pool: Pool) {}

  async execute({ actor, request, now }: CreateLocationCommand): Promise<CreateLocationResult> {
    if (!actor.isOperator) throw Problems.forbidden('only platform operators can create locations');
    const location: LocationResponse = {
      id: randomUUID(),
      name: request.name,
      currency: request.currency,
      timezone: request.timezone,
      creditsEnabled: false,
      discountAppliesToCredits: false,
    };
    const eventIds = await withTransaction(this.pool, async (client) => {
      await lockLocation(client, location.id);
      await insertLocation(client, location, now);
      return recordEvents(client, [
        {
          type: 'LocationCreated',
          version: 1,
          data: {
            locationId: location.id,
            occurredAt: now.toISOString(),
            actor: { type: 'operator', id: actor.userId },
            name: location.name,
            currency: location.currency,
            timezone: location.timezone,
            creditsEnabled: location.creditsEnabled,
            discountAppliesToCredits: location.discountAppliesToCredits,
          },
        },
      ]);
    });
    return { result: location, eventIds };
  }
}
