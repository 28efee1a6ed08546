import type { AssignPlanRequest, AssignmentResponse } from '@credits/contracts/http';
import { decideAssignPlan, type HolderFacts } from '@credits/membership-domain';
import type { RequestActor } from '@credits/platform';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Pool, PoolClient } from 'pg';
import { assignPlan } from '../plan-periods/assignment-lifecycle';
import { readAssignment } from '../shared/assignment.store';
import { isActiveCompany } from '../shared/company.store';
import { isActiveMember, readLocation } from '../shared/location.store';
import { decided, inLocation, type Outcome } from '../shared/membership-command';
import { MEMBERSHIP_POOL } from '../shared/membership.tokens';
import { loadPlan } from '../shared/plan.store';

export class AssignPlanCommand {
  constructor(readonly actor: RequestActor, readonly locationId: string, readonly request: AssignPlanRequest, readonly now: Date) {}
}

export type AssignPlanResult = Outcome<AssignmentResponse>;

async function holderFacts(client: PoolClient, locationId: string, holder: AssignPlanRequest['holder']): Promise<HolderFacts> {
  if (holder.type === 'user') return { type: 'user', activeMember: await isActiveMember(client, locationId, holder.id) };
  return { type: 'company', active: await isActiveCompany(client, locationId, holder.id) };
}

/** Admins give a member or a company a plan (rules: decideAssignPlan); its first period starts now (and with it the allowance). */
@CommandHandler(AssignPlanCommand)
export class AssignPlanHandler implements ICommandHandler<AssignPlanCommand, AssignPlanResult> {
  constructor(@Inject(MEMBERSHIP_POOL) private readonly pool: Pool) {}

  async execute({ actor, locationId, request, now }: AssignPlanCommand): Promise<AssignPlanResult> {
    return inLocation(this.pool, locationId, actor, now, async ({ client, caller, actor: by }) => {
      const { holder, planId } = request;
      const plan = await loadPlan(client, locationId, planId);
      decided(
        decideAssignPlan({
          caller,
          holder,
          holderFacts: await holderFacts(client, locationId, holder),
          plan: plan && { planId, archived: plan.status === 'archived' },
          planId,
          holderHasPlan: (await readAssignment(client, locationId, { holderType: holder.type, holderId: holder.id })) !== null,
        }),
      );
      const location = (await readLocation(client, locationId))!;
      const assigned = await assignPlan(client, { locationId, holder, planId, timezone: location.timezone, now, actor: by });
      return { result: (await readAssignment(client, locationId, { id: assigned.assignmentId }))!, events: assigned.events };
    });
  }
}
