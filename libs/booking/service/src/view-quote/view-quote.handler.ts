import { quoteWithin, resolveTarget, type BookingTarget } from '@credits/booking-domain';
import { creditsToText } from '@credits/contracts';
import type { QuoteResponse } from '@credits/contracts/http';
import { Problems, type MemberFactsSource, type RequestActor } from '@credits/platform';
import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import { loadCaller } from '../shared/booking-caller';
import { BOOKING_CLOCK, BOOKING_POOL, MEMBER_FACTS, type BookingClock } from '../shared/booking.tokens';
import { loadResource } from '../shared/resource.store';

export class ViewQuoteQuery {
  constructor(readonly actor: RequestActor, readonly locationId: string, readonly resourceId: string, readonly target: BookingTarget, readonly companyId?: string) {}
}

/** What the caller would pay for this target and how (R2, R16), with membership's facts of now. */
@QueryHandler(ViewQuoteQuery)
export class ViewQuoteHandler implements IQueryHandler<ViewQuoteQuery, QuoteResponse> {
  constructor(
    @Inject(BOOKING_POOL) private readonly pool: Pool,
    @Inject(MEMBER_FACTS) private readonly members: MemberFactsSource,
    @Inject(BOOKING_CLOCK) private readonly clock: BookingClock,
  ) {}

  async execute({ actor, locationId, resourceId, target, companyId }: ViewQuoteQuery): Promise<QuoteResponse> {
    const caller = await loadCaller(this.members, locationId, actor, companyId);
    const resource = await loadResource(this.pool, locationId, resourceId);
    const inside = caller.isMember || caller.isAdmin;
    if (!resource || resource.status === 'archived' || (!inside && resource.type !== 'event')) throw Problems.notFound(`resource ${resourceId} does not exist`);
    const resolved = resolveTarget(resource, target, caller.facts.timezone, this.clock.now().toISOString());
    if (!resolved.ok) throw Problems.validation([{ field: resolved.field, reason: resolved.reason }]);
    const offer = quoteWithin(resource, resolved.slot, caller.facts, companyId);
    if ('reason' in offer) throw Problems.validation([{ field: offer.field, reason: offer.reason }]);
    const view = (price: typeof offer.price) => ({ ...(price.money ? { money: price.money } : {}), ...(price.credits !== null ? { credits: creditsToText(price.credits) } : {}) });
    return { listPrice: view(offer.listPrice), discountPercent: offer.discountPercent, price: view(offer.price), paymentMethods: [...offer.paymentMethods] };
  }
}
