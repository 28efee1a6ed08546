import type { CreditPurchaseResponse, CreditPurchasesQuery } from '@credits/contracts/http';
import type { MemberFactsSource, RequestActor } from '@credits/platform';
import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import { loadCaller, requireHolderVisible } from '../shared/billing-caller';
import { BILLING_POOL, MEMBER_FACTS } from '../shared/billing.tokens';
import { listPurchases, purchaseResponse } from '../shared/credit-purchase.store';
import { visiblePurchase } from '../shared/purchase-access';

export class ViewPurchasesQuery {
  constructor(readonly actor: RequestActor, readonly locationId: string, readonly filter: CreditPurchasesQuery) {}
}

export class ViewPurchaseQuery {
  constructor(readonly actor: RequestActor, readonly locationId: string, readonly purchaseId: string) {}
}

/** Purchases for their buyer, the managers of the company they were for, and admins (newest first, at most 500). */
@QueryHandler(ViewPurchasesQuery)
export class ViewPurchasesHandler implements IQueryHandler<ViewPurchasesQuery, CreditPurchaseResponse[]> {
  constructor(@Inject(BILLING_POOL) private readonly pool: Pool, @Inject(MEMBER_FACTS) private readonly members: MemberFactsSource) {}

  async execute({ actor, locationId, filter }: ViewPurchasesQuery): Promise<CreditPurchaseResponse[]> {
    const caller = await loadCaller(this.members, locationId, actor, filter.companyId);
    // Members see their own purchases unless they ask for a company's (as its manager).
    const buyerId = filter.userId ?? (caller.isAdmin || filter.companyId !== undefined ? undefined : actor.userId);
    if (buyerId !== undefined) requireHolderVisible(caller, { ownerType: 'user', ownerId: buyerId });
    const holder = filter.companyId === undefined ? undefined : { ownerType: 'company' as const, ownerId: filter.companyId };
    if (holder) requireHolderVisible(caller, holder);
    return (await listPurchases(this.pool, locationId, { buyerId, holder })).map((purchase) => purchaseResponse(purchase, actor.userId));
  }
}

@QueryHandler(ViewPurchaseQuery)
export class ViewPurchaseHandler implements IQueryHandler<ViewPurchaseQuery, CreditPurchaseResponse> {
  constructor(@Inject(BILLING_POOL) private readonly pool: Pool, @Inject(MEMBER_FACTS) private readonly members: MemberFactsSource) {}

  async execute({ actor, locationId, purchaseId }: ViewPurchaseQuery): Promise<CreditPurchaseResponse> {
    return purchaseResponse(await visiblePurchase(this.members, this.pool, locationId, actor, purchaseId), actor.userId);
  }
}
