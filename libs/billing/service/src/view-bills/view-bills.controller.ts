import { BillingRoutes, BillsQuery, type BillResponse } from '@credits/contracts/http';
import { CurrentActor, type MemberFactsSource, ParseIdPipe, type RequestActor } from '@credits/platform';
import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import type { Pool } from 'pg';
import { loadCaller, requireHolderVisible } from '../shared/billing-caller';
import { listBills } from '../shared/bill.store';
import { BILLING_POOL, MEMBER_FACTS } from '../shared/billing.tokens';

/** Bills with their lines: admins any (all without a filter); members their own; company managers their company's. */
@Controller(BillingRoutes.bills)
export class ViewBillsController {
  constructor(@Inject(BILLING_POOL) private readonly pool: Pool, @Inject(MEMBER_FACTS) private readonly members: MemberFactsSource) {}

  @Get()
  async list(@CurrentActor() actor: RequestActor, @Param('locationId', ParseIdPipe('location')) locationId: string, @Query() query: BillsQuery): Promise<BillResponse[]> {
    const caller = await loadCaller(this.members, locationId, actor, query.companyId);
    const holder =
      query.companyId !== undefined
        ? { ownerType: 'company' as const, ownerId: query.companyId }
        : query.userId !== undefined || !caller.isAdmin
          ? { ownerType: 'user' as const, ownerId: query.userId ?? actor.userId }
          : null;
    if (holder) requireHolderVisible(caller, holder);
    return listBills(this.pool, locationId, holder);
  }
}
