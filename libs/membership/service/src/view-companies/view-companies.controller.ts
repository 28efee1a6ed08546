import { CompanyResponse } from '@credits/contracts/http';
import { canAdministerCompanies, canViewCompany } from '@credits/membership-domain';
import { CurrentActor, ParseIdPipe, Problems, type RequestActor } from '@credits/platform';
import { Controller, Get, Inject, Param } from '@nestjs/common';
import type { Pool } from 'pg';
import { loadVisibleCaller } from '../shared/caller-role.query';
import { loadCompany, readCompany } from '../shared/company.query';
import { MEMBERSHIP_POOL } from '../shared/membership.tokens';

/** Admins see every company of the location; members see the companies they belong to. */
@Controller('v1/locations/:locationId/companies')
export class ViewCompaniesController {
  constructor(@Inject(MEMBERSHIP_POOL) private readonly pool: Pool) {}

  @Get()
  async list(@CurrentActor() actor: RequestActor, @Param('locationId', ParseIdPipe('location')) locationId: string): Promise<CompanyResponse[]> {
    const caller = await loadVisibleCaller(this.pool, locationId, actor);
    const ids = await this.pool.query<{ id: string }>(
      `SELECT c.id FROM membership.companies c WHERE c.location_id = $1
         AND ($2 OR EXISTS (SELECT 1 FROM membership.company_members cm WHERE cm.company_id = c.id AND cm.user_id = $3 AND cm.active))
       ORDER BY c.name, c.id`,
      [locationId, canAdministerCompanies(caller), actor.userId],
    );
    return Promise.all(ids.rows.map((row) => readCompany(this.pool, row.id)));
  }

  @Get(':companyId')
  async get(
    @CurrentActor() actor: RequestActor,
    @Param('locationId', ParseIdPipe('location')) locationId: string,
    @Param('companyId') companyId: string,
  ): Promise<CompanyResponse> {
    const caller = await loadVisibleCaller(this.pool, locationId, actor);
    const company = await loadCompany(this.pool, locationId, companyId, actor.userId);
    if (!canViewCompany(caller, company.callerRole)) throw Problems.forbidden('you can only see companies you belong to');
    return readCompany(this.pool, companyId);
  }
}
