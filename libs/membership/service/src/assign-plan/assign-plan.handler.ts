import type { AssignPlanRequest, AssignmentResponse } from '@credits/contracts/http';
import { canManagePlans, holderProblem, type HolderFacts } from '@credits/membership-domain';
import { Problems, type RequestActor } from '@credits/platform';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Pool, PoolClient } from 'pg';
import { assignPlan } from '../plan-periods/assignment-lifecycle';
import { readAssignment } from '../shared/assignment.row';
import { isActiveMember } from '../shared/company.query';
import { readLocation } from '../shared/location.row';
import { inLocation, type Outcome } from '../shared/membership-command';
import { MEMBERSHIP_POOL } from '../shared/membership.tokens';
import { requirePlan } from '../shared/plan.row';

export class AssignPlanCommand {
  constructor(readonly actor: RequestActor, readonly locationId: string, readonly request: AssignPlanRequest, readonly now: Date) {}
}

export type AssignPlanResult = Outcome<AssignmentResponse>;

async function holderFacts(client: PoolClient, locationId: string, holder: AssignPlanRequest['holder']): Promise<HolderFacts> {
  if (holder.type === 'user') return { type: 'user', activeMember: await isActiveMember(client, locationId, holder.id) };
  const company = await client.query(`SELECT 1 FROM membership.companies WHERE location_id = $1 AND id::text = $2 AND status = 'active'`, [locationId, holder.id]);
  return { type: 'company', active: company.rowCount === 1 };
}

/** Admins give a member or a company a plan; its first period starts now (and with it the allowance). */
@CommandHandler(AssignPlanCommand)
export class AssignPlanHandler implements ICommandHandler<AssignPlanCommand, AssignPlanResult> {
  constructor(@Inject(MEMBERSHIP_POOL) private readonly pool: Pool) {}

  async execute({ actor, locationId, request, now }: AssignPlanCommand): Promise<AssignPlanResult> {
    return inLocation(this.pool, locationId, actor, now, async ({ client, caller, actor: by }) => {
      if (!canManagePlans(caller)) throw Problems.forbidden('only location admins can assign plans');
      const problem = holderProblem(await holderFacts(client, locationId, request.holder));
      if (problem) throw Problems.validation([{ field: 'holder.id', reason: `${request.holder.id} ${problem}` }]);
      const plan = await requirePlan(client, locationId, request.planId);
      if (plan.status === 'archived') throw Problems.conflict('plan-archived', 'Plan archived', `plan ${request.planId} is archived and cannot be assigned`);
      if (await readAssignment(client, locationId, { holderType: request.holder.type, holderId: request.holder.id })) {
        throw Problems.conflict('plan-already-assigned', 'Already on a plan', `${request.holder.id} already has a plan; change or cancel it instead`);
      }
      const location = (await readLocation(client, locationId))!;
      const assigned = await assignPlan(client, { locationId, holder: request.holder, planId: request.planId, timezone: location.timezone, now, actor: by });
      return { result: (await readAssignment(client, locationId, { id: assigned.assignmentId }))!, events: assigned.events };
    });
  }
}
