import { BillingRoutes, CreditPurchasesQuery, type CreditPurchaseResponse } from '@credits/contracts/http';
import { CurrentActor, type MemberFactsSource, ParseIdPipe, type RequestActor } from '@credits/platform';
import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import type { Pool } from 'pg';
import { loadCaller, requireHolderVisible } from '../shared/billing-caller';
import { BILLING_POOL, MEMBER_FACTS } from '../shared/billing.tokens';
import { listPurchases, purchaseResponse } from '../shared/credit-purchase.store';
import { visiblePurchase } from '../shared/purchase-access';

/** Purchases for their buyer, the managers of the company they were for, and admins (newest first, at most 500). */
@Controller(BillingRoutes.creditPurchases)
export class ViewPurchasesController {
  constructor(@Inject(BILLING_POOL) private readonly pool: Pool, @Inject(MEMBER_FACTS) private readonly members: MemberFactsSource) {}

  @Get()
  async list(
    @CurrentActor() actor: RequestActor,
    @Param('locationId', ParseIdPipe('location')) locationId: string,
    @Query() query: CreditPurchasesQuery,
  ): Promise<CreditPurchaseResponse[]> {
    const caller = await loadCaller(this.members, locationId, actor, query.companyId);
    // Members see their own purchases unless they ask for a company's (as its manager).
    const buyerId = query.userId ?? (caller.isAdmin || query.companyId !== undefined ? undefined : actor.userId);
    if (buyerId !== undefined) requireHolderVisible(caller, { ownerType: 'user', ownerId: buyerId });
    const holder = query.companyId === undefined ? undefined : { ownerType: 'company' as const, ownerId: query.companyId };
    if (holder) requireHolderVisible(caller, holder);
    return (await listPurchases(this.pool, locationId, { buyerId, holder })).map((purchase) => purchaseResponse(purchase, actor.userId));
  }

  @Get(':purchaseId')
  async get(
    @CurrentActor() actor: RequestActor,
    @Param('locationId', ParseIdPipe('location')) locationId: string,
    @Param('purchaseId') purchaseId: string,
  ): Promise<CreditPurchaseResponse> {
    return purchaseResponse(await visiblePurchase(this.members, this.pool, locationId, actor, purchaseId), actor.userId);
  }
}
