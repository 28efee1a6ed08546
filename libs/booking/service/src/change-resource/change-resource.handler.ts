import type { Resource } from '@credits/booking-domain';
import { creditsFromText } from '@credits/contracts';
import { UNIT_OF, type ResourceResponse, type UpdateResourceRequest } from '@credits/contracts/http';
import { withTransaction } from '@credits/event-store';
import { Problems, type MemberFactsSource, type RequestActor } from '@credits/platform';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import { loadCaller, requireAdmin } from '../shared/booking-caller';
import { BOOKING_POOL, MEMBER_FACTS } from '../shared/booking.tokens';
import { requireValidResource } from '../shared/resource.rules';
import { lockedResource, resourceResponse, updateResource } from '../shared/resource.store';

export class ChangeResourceCommand {
  constructor(readonly actor: RequestActor, readonly locationId: string, readonly resourceId: string, readonly request: UpdateResourceRequest, readonly now: Date) {}
}

/** Edits an active resource (admins); bookings made before keep what they paid and their policy. */
@CommandHandler(ChangeResourceCommand)
export class ChangeResourceHandler implements ICommandHandler<ChangeResourceCommand, ResourceResponse> {
  constructor(@Inject(BOOKING_POOL) private readonly pool: Pool, @Inject(MEMBER_FACTS) private readonly members: MemberFactsSource) {}

  async execute({ actor, locationId, resourceId, request, now }: ChangeResourceCommand): Promise<ResourceResponse> {
    const caller = await loadCaller(this.members, locationId, actor);
    requireAdmin(caller, locationId, 'manage resources');
    return withTransaction(this.pool, async (client) => {
      const before = await lockedResource(client, locationId, resourceId);
      if (before.status === 'archived') throw Problems.conflict('resource-archived', 'Resource archived', `resource ${resourceId} is archived`);
      const prices = request.prices;
      const after: Resource = {
        ...before,
        name: request.name ?? before.name,
        moneyPrice: prices ? (prices.money ? { amount: prices.money.amount, currency: prices.money.currency } : null) : before.moneyPrice,
        creditPrice: prices ? (prices.credits === undefined ? null : creditsFromText(prices.credits)) : before.creditPrice,
        capacity: request.capacity ?? before.capacity,
        stock: request.stock ?? before.stock,
        openingHours: request.openingHours ? { opens: request.openingHours.opens, closes: request.openingHours.closes } : before.openingHours,
        refundPolicy: request.refundPolicy ? { ...request.refundPolicy } : before.refundPolicy,
      };
      requireValidResource(after, UNIT_OF[after.type], caller.facts.currency);
      try {
        await updateResource(client, after, now);
      } catch (error) {
        if ((error as { code?: string }).code === '23514') throw Problems.conflict('capacity-below-sold', 'Capacity below tickets sold', 'more tickets are sold than this capacity');
        throw error;
      }
      return resourceResponse(after);
    });
  }
}
