import { PlanResponse } from '@credits/contracts/http';
import { canManagePlans } from '@credits/membership-domain';
import { CurrentActor, ParseIdPipe, Problems, type RequestActor } from '@credits/platform';
import { Controller, Get, Inject, Param } from '@nestjs/common';
import type { Pool } from 'pg';
import { loadVisibleCaller } from '../shared/caller-role.query';
import { MEMBERSHIP_POOL } from '../shared/membership.tokens';
import { planResponse, requirePlan } from '../shared/plan.row';

/** Members see the active plans; admins also the archived ones. */
@Controller('v1/locations/:locationId/plans')
export class ViewPlansController {
  constructor(@Inject(MEMBERSHIP_POOL) private readonly pool: Pool) {}

  @Get()
  async list(@CurrentActor() actor: RequestActor, @Param('locationId', ParseIdPipe('location')) locationId: string): Promise<PlanResponse[]> {
    const caller = await loadVisibleCaller(this.pool, locationId, actor);
    const ids = await this.pool.query<{ id: string }>(
      `SELECT id FROM membership.plans WHERE location_id = $1 AND ($2 OR status = 'active') ORDER BY name, id`,
      [locationId, canManagePlans(caller)],
    );
    return Promise.all(ids.rows.map(async (row) => planResponse(await requirePlan(this.pool, locationId, row.id))));
  }

  @Get(':planId')
  async get(
    @CurrentActor() actor: RequestActor,
    @Param('locationId', ParseIdPipe('location')) locationId: string,
    @Param('planId') planId: string,
  ): Promise<PlanResponse> {
    const caller = await loadVisibleCaller(this.pool, locationId, actor);
    const plan = await requirePlan(this.pool, locationId, planId);
    if (plan.status === 'archived' && !canManagePlans(caller)) throw Problems.notFound(`plan ${planId} does not exist`);
    return planResponse(plan);
  }
}
