import type { CompanyResponse } from '@credits/contracts/http';
import { canAdministerCompanies, canViewCompany } from '@credits/membership-domain';
import { Problems, type RequestActor } from '@credits/platform';
import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import { listCompanyIds, loadCompany, readCompany } from '../shared/company.store';
import { loadVisibleCaller } from '../shared/location.store';
import { MEMBERSHIP_POOL } from '../shared/membership.tokens';

export class ViewCompaniesQuery {
  constructor(readonly actor: RequestActor, readonly locationId: string) {}
}

export class ViewCompanyQuery {
  constructor(readonly actor: RequestActor, readonly locationId: string, readonly companyId: string) {}
}

/** Admins see every company of the location; members see the companies they belong to. */
@QueryHandler(ViewCompaniesQuery)
export class ViewCompaniesHandler implements IQueryHandler<ViewCompaniesQuery, CompanyResponse[]> {
  constructor(@Inject(MEMBERSHIP_POOL) private readonly pool: Pool) {}

  async execute({ actor, locationId }: ViewCompaniesQuery): Promise<CompanyResponse[]> {
    const caller = await loadVisibleCaller(this.pool, locationId, actor);
    const ids = await listCompanyIds(this.pool, locationId, canAdministerCompanies(caller) ? { all: true } : { memberId: actor.userId });
    return Promise.all(ids.map((id) => readCompany(this.pool, id)));
  }
}

@QueryHandler(ViewCompanyQuery)
export class ViewCompanyHandler implements IQueryHandler<ViewCompanyQuery, CompanyResponse> {
  constructor(@Inject(MEMBERSHIP_POOL) private readonly pool: Pool) {}

  async execute({ actor, locationId, companyId }: ViewCompanyQuery): Promise<CompanyResponse> {
    const caller = await loadVisibleCaller(this.pool, locationId, actor);
    const company = await loadCompany(this.pool, locationId, companyId, actor.userId);
    if (!canViewCompany(caller, company.callerRole)) throw Problems.forbidden('you can only see companies you belong to');
    return readCompany(this.pool, companyId);
  }
}
