import type { PlanResponse } from '@credits/contracts/http';
import { canManagePlans } from '@credits/membership-domain';
import { Problems, type RequestActor } from '@credits/platform';
import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import { loadVisibleCaller } from '../shared/location.store';
import { MEMBERSHIP_POOL } from '../shared/membership.tokens';
import { listPlans, planResponse, requirePlan } from '../shared/plan.store';

export class ViewPlansQuery {
  constructor(readonly actor: RequestActor, readonly locationId: string) {}
}

export class ViewPlanQuery {
  constructor(readonly actor: RequestActor, readonly locationId: string, readonly planId: string) {}
}

/** Members see the active plans; admins also the archived ones. */
@QueryHandler(ViewPlansQuery)
export class ViewPlansHandler implements IQueryHandler<ViewPlansQuery, PlanResponse[]> {
  constructor(@Inject(MEMBERSHIP_POOL) private readonly pool: Pool) {}

  async execute({ actor, locationId }: ViewPlansQuery): Promise<PlanResponse[]> {
    const caller = await loadVisibleCaller(this.pool, locationId, actor);
    return (await listPlans(this.pool, locationId, canManagePlans(caller))).map(planResponse);
  }
}

@QueryHandler(ViewPlanQuery)
export class ViewPlanHandler implements IQueryHandler<ViewPlanQuery, PlanResponse> {
  constructor(@Inject(MEMBERSHIP_POOL) private readonly pool: Pool) {}

  async execute({ actor, locationId, planId }: ViewPlanQuery): Promise<PlanResponse> {
    const caller = await loadVisibleCaller(this.pool, locationId, actor);
    const plan = await requirePlan(this.pool, locationId, planId);
    if (plan.status === 'archived' && !canManagePlans(caller)) throw Problems.notFound(`plan ${planId} does not exist`);
    return planResponse(plan);
  }
}
