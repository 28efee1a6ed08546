import type { BillResponse, BillsQuery } from '@credits/contracts/http';
import type { MemberFactsSource, RequestActor } from '@credits/platform';
import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import { listBills } from '../shared/bill.store';
import { loadCaller, requireHolderVisible } from '../shared/billing-caller';
import { BILLING_POOL, MEMBER_FACTS } from '../shared/billing.tokens';

export class ViewBillsQuery {
  constructor(readonly actor: RequestActor, readonly locationId: string, readonly filter: BillsQuery) {}
}

/** Bills with their lines: admins any (all without a filter); members their own; company managers their company's. */
@QueryHandler(ViewBillsQuery)
export class ViewBillsHandler implements IQueryHandler<ViewBillsQuery, BillResponse[]> {
  constructor(@Inject(BILLING_POOL) private readonly pool: Pool, @Inject(MEMBER_FACTS) private readonly members: MemberFactsSource) {}

  async execute({ actor, locationId, filter }: ViewBillsQuery): Promise<BillResponse[]> {
    const caller = await loadCaller(this.members, locationId, actor, filter.companyId);
    const holder =
      filter.companyId !== undefined
        ? { ownerType: 'company' as const, ownerId: filter.companyId }
        : filter.userId !== undefined || !caller.isAdmin
          ? { ownerType: 'user' as const, ownerId: filter.userId ?? actor.userId }
          : null;
    if (holder) requireHolderVisible(caller, holder);
    return listBills(this.pool, locationId, holder);
  }
}
