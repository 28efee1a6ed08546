import type { MemberFactsResponse } from '@credits/contracts/http';
import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import { MEMBERSHIP_POOL } from '../shared/membership.tokens';
import { readMemberFacts } from './member-facts.store';

export class ViewMemberFactsQuery {
  constructor(readonly locationId: string, readonly userId: string, readonly companyId?: string) {}
}

@QueryHandler(ViewMemberFactsQuery)
export class ViewMemberFactsHandler implements IQueryHandler<ViewMemberFactsQuery, MemberFactsResponse> {
  constructor(@Inject(MEMBERSHIP_POOL) private readonly pool: Pool) {}

  execute({ locationId, userId, companyId }: ViewMemberFactsQuery): Promise<MemberFactsResponse> {
    return readMemberFacts(this.pool, locationId, userId, companyId);
  }
}
