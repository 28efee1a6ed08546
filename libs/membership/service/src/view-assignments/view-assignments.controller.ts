import { AssignmentResponse } from '@credits/contracts/http';
import { canManagePlans, canViewCompany, canViewMember } from '@credits/membership-domain';
import { CurrentActor, ParseIdPipe, ParseUserIdPipe, Problems, type RequestActor } from '@credits/platform';
import { Controller, Get, Inject, Param } from '@nestjs/common';
import type { Pool } from 'pg';
import { readAssignment } from '../shared/assignment.row';
import { loadVisibleCaller } from '../shared/caller-role.query';
import { loadCompany } from '../shared/company.query';
import { MEMBERSHIP_POOL } from '../shared/membership.tokens';

/** A holder's current plan and period: the member themself or their company's members, and admins. */
@Controller('v1/locations/:locationId')
export class ViewAssignmentsController {
  constructor(@Inject(MEMBERSHIP_POOL) private readonly pool: Pool) {}

  @Get('plan-assignments/:assignmentId')
  async byId(
    @CurrentActor() actor: RequestActor,
    @Param('locationId', ParseIdPipe('location')) locationId: string,
    @Param('assignmentId', ParseIdPipe('plan assignment')) assignmentId: string,
  ): Promise<AssignmentResponse> {
    const caller = await loadVisibleCaller(this.pool, locationId, actor);
    if (!canManagePlans(caller)) throw Problems.forbidden('only location admins can list assignments by id');
    const assignment = await readAssignment(this.pool, locationId, { id: assignmentId });
    if (!assignment) throw Problems.notFound(`plan assignment ${assignmentId} does not exist`);
    return assignment;
  }

  @Get('users/:userId/plan')
  async ofUser(
    @CurrentActor() actor: RequestActor,
    @Param('locationId', ParseIdPipe('location')) locationId: string,
    @Param('userId', ParseUserIdPipe) userId: string,
  ): Promise<AssignmentResponse> {
    const caller = await loadVisibleCaller(this.pool, locationId, actor);
    if (!canViewMember(caller, userId)) throw Problems.forbidden('you can only see your own plan');
    return this.current(locationId, 'user', userId);
  }

  @Get('companies/:companyId/plan')
  async ofCompany(
    @CurrentActor() actor: RequestActor,
    @Param('locationId', ParseIdPipe('location')) locationId: string,
    @Param('companyId') companyId: string,
  ): Promise<AssignmentResponse> {
    const caller = await loadVisibleCaller(this.pool, locationId, actor);
    const company = await loadCompany(this.pool, locationId, companyId, actor.userId);
    if (!canViewCompany(caller, company.callerRole)) throw Problems.forbidden('you can only see plans of companies you belong to');
    return this.current(locationId, 'company', companyId);
  }

  private async current(locationId: string, holderType: 'user' | 'company', holderId: string): Promise<AssignmentResponse> {
    const assignment = await readAssignment(this.pool, locationId, { holderType, holderId });
    if (!assignment) throw Problems.notFound(`${holderId} has no plan`);
    return assignment;
  }
}
