import type { AssignmentResponse } from '@credits/contracts/http';
import { canManagePlans, canViewCompany, canViewMember } from '@credits/membership-domain';
import { Problems, type RequestActor } from '@credits/platform';
import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import { readAssignment } from '../shared/assignment.store';
import { loadCompany } from '../shared/company.store';
import { loadVisibleCaller } from '../shared/location.store';
import { MEMBERSHIP_POOL } from '../shared/membership.tokens';

export class ViewAssignmentQuery {
  constructor(readonly actor: RequestActor, readonly locationId: string, readonly assignmentId: string) {}
}

/** A holder's current plan and period: the member themself or their company's members, and admins. */
export class ViewHolderPlanQuery {
  constructor(readonly actor: RequestActor, readonly locationId: string, readonly holder: { readonly type: 'user' | 'company'; readonly id: string }) {}
}

@QueryHandler(ViewAssignmentQuery)
export class ViewAssignmentHandler implements IQueryHandler<ViewAssignmentQuery, AssignmentResponse> {
  constructor(@Inject(MEMBERSHIP_POOL) private readonly pool: Pool) {}

  async execute({ actor, locationId, assignmentId }: ViewAssignmentQuery): Promise<AssignmentResponse> {
    const caller = await loadVisibleCaller(this.pool, locationId, actor);
    if (!canManagePlans(caller)) throw Problems.forbidden('only location admins can list assignments by id');
    const assignment = await readAssignment(this.pool, locationId, { id: assignmentId });
    if (!assignment) throw Problems.notFound(`plan assignment ${assignmentId} does not exist`);
    return assignment;
  }
}

@QueryHandler(ViewHolderPlanQuery)
export class ViewHolderPlanHandler implements IQueryHandler<ViewHolderPlanQuery, AssignmentResponse> {
  constructor(@Inject(MEMBERSHIP_POOL) private readonly pool: Pool) {}

  async execute({ actor, locationId, holder }: ViewHolderPlanQuery): Promise<AssignmentResponse> {
    const caller = await loadVisibleCaller(this.pool, locationId, actor);
    if (holder.type === 'user') {
      if (!canViewMember(caller, holder.id)) throw Problems.forbidden('you can only see your own plan');
    } else {
      const company = await loadCompany(this.pool, locationId, holder.id, actor.userId);
      if (!canViewCompany(caller, company.callerRole)) throw Problems.forbidden('you can only see plans of companies you belong to');
    }
    const assignment = await readAssignment(this.pool, locationId, { holderType: holder.type, holderId: holder.id });
    if (!assignment) throw Problems.notFound(`${holder.id} has no plan`);
    return assignment;
  }
}
