import type { Resource } from '@credits/booking-domain';
import { creditsFromText } from '@credits/contracts';
import type { CreateResourceRequest, ResourceResponse } from '@credits/contracts/http';
import { withTransaction } from '@credits/event-store';
import type { MemberFactsSource, RequestActor } from '@credits/platform';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { loadCaller, requireAdmin } from '../shared/booking-caller';
import { BOOKING_POOL, MEMBER_FACTS } from '../shared/booking.tokens';
import { requireValidResource } from '../shared/resource.rules';
import { insertResource, resourceResponse } from '../shared/resource.store';

export class CreateResourceCommand {
  constructor(readonly actor: RequestActor, readonly locationId: string, readonly request: CreateResourceRequest, readonly now: Date) {}
}

/** Location admins offer a room, desk, event or product with its prices per unit and refund policy. */
@CommandHandler(CreateResourceCommand)
export class CreateResourceHandler implements ICommandHandler<CreateResourceCommand, ResourceResponse> {
  constructor(@Inject(BOOKING_POOL) private readonly pool: Pool, @Inject(MEMBER_FACTS) private readonly members: MemberFactsSource) {}

  async execute({ actor, locationId, request, now }: CreateResourceCommand): Promise<ResourceResponse> {
    const caller = await loadCaller(this.members, locationId, actor);
    requireAdmin(caller, locationId, 'manage resources');
    const resource: Resource = {
      resourceId: randomUUID(),
      locationId,
      type: request.type,
      name: request.name,
      status: 'active',
      moneyPrice: request.prices.money ? { amount: request.prices.money.amount, currency: request.prices.money.currency } : null,
      creditPrice: request.prices.credits === undefined ? null : creditsFromText(request.prices.credits),
      capacity: request.capacity ?? null,
      startsAt: request.startsAt === undefined ? null : new Date(request.startsAt).toISOString(),
      endsAt: request.endsAt === undefined ? null : new Date(request.endsAt).toISOString(),
      stock: request.stock ?? null,
      openingHours: request.openingHours ? { opens: request.openingHours.opens, closes: request.openingHours.closes } : null,
      minDurationMinutes: request.minDurationMinutes ?? 15,
      maxDurationMinutes: request.maxDurationMinutes ?? 1440,
      refundPolicy: { ...request.refundPolicy },
    };
    requireValidResource(resource, request.unit, caller.facts.currency);
    await withTransaction(this.pool, (client) => insertResource(client, resource, now));
    return resourceResponse(resource);
  }
}
