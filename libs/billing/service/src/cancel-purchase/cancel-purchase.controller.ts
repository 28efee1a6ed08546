import { BillingRoutes } from '@credits/contracts/http';
import { decide } from '@credits/billing-domain';
import { CurrentActor, type MemberFactsSource, ParseIdPipe, type RequestActor } from '@credits/platform';
import { Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
import type { Pool } from 'pg';
import { BILLING_CLOCK, BILLING_POOL, MEMBER_FACTS, type BillingClock } from '../shared/billing.tokens';
import { visiblePurchase } from '../shared/purchase-access';
import { purchaseProblem } from '../shared/purchase-problems';

/** R13: credit purchases are final. Whoever may see the purchase learns so (409 purchase-final); nothing changes. */
@Controller(BillingRoutes.creditPurchaseCancel)
export class CancelPurchaseController {
  constructor(
    @Inject(BILLING_POOL) private readonly pool: Pool,
    @Inject(MEMBER_FACTS) private readonly members: MemberFactsSource,
    @Inject(BILLING_CLOCK) private readonly clock: BillingClock,
  ) {}

  @Post()
  @HttpCode(200)
  async cancel(
    @CurrentActor() actor: RequestActor,
    @Param('locationId', ParseIdPipe('location')) locationId: string,
    @Param('purchaseId') purchaseId: string,
  ): Promise<never> {
    const purchase = await visiblePurchase(this.members, this.pool, locationId, actor, purchaseId);
    const decision = decide({ type: 'CancelPurchase', purchaseId, now: this.clock.now().toISOString() }, purchase);
    if (decision.ok) throw new Error(`purchase ${purchaseId} was cancelled: credit purchases are final`);
    throw purchaseProblem(decision.rejection);
  }
}
