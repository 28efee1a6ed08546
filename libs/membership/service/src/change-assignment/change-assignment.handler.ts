import type { AssignmentResponse } from '@credits/contracts/http';
import { decideAssignmentChange, type CancelTiming, type ChangeTiming } from '@credits/membership-domain';
import type { RequestActor } from '@credits/platform';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import { cancelAssignment, changePlan } from '../plan-periods/assignment-lifecycle';
import { lockCurrentPeriod } from '../plan-periods/plan-period.store';
import { readAssignment } from '../shared/assignment.store';
import { decided, inLocation, type Outcome } from '../shared/membership-command';
import { MEMBERSHIP_POOL } from '../shared/membership.tokens';
import { loadPlan } from '../shared/plan.store';

export type AssignmentChange = { readonly kind: 'change-plan'; readonly planId: string; readonly timing: ChangeTiming } | { readonly kind: 'cancel'; readonly timing: CancelTiming };

export class ChangeAssignmentCommand {
  constructor(readonly actor: RequestActor, readonly locationId: string, readonly assignmentId: string, readonly change: AssignmentChange, readonly now: Date) {}
}

export type ChangeAssignmentResult = Outcome<AssignmentResponse>;

/** Change the plan or cancel (rules: decideAssignmentChange), at the period's end or now (the current period then ends now). */
@CommandHandler(ChangeAssignmentCommand)
export class ChangeAssignmentHandler implements ICommandHandler<ChangeAssignmentCommand, ChangeAssignmentResult> {
  constructor(@Inject(MEMBERSHIP_POOL) private readonly pool: Pool) {}

  async execute({ actor, locationId, assignmentId, change, now }: ChangeAssignmentCommand): Promise<ChangeAssignmentResult> {
    return inLocation(this.pool, locationId, actor, now, async ({ client, caller, actor: by }) => {
      const assignment = await readAssignment(client, locationId, { id: assignmentId });
      const period = assignment?.status === 'active' ? await lockCurrentPeriod(client, { assignmentId: assignment.id }) : null;
      const toPlan = change.kind === 'change-plan' ? await loadPlan(client, locationId, change.planId) : null;
      decided(
        decideAssignmentChange(change, {
          caller,
          assignmentId,
          assignment: assignment && { running: period !== null, planId: period?.planId ?? assignment.planId, pendingPlanId: assignment.pendingPlanId },
          toPlan: toPlan && { planId: toPlan.definition.planId, archived: toPlan.status === 'archived' },
        }),
      );
      const events =
        change.kind === 'change-plan' ? await changePlan(client, period!, change.planId, change.timing, now, by) : await cancelAssignment(client, period!, change.timing, now, by);
      return { result: (await readAssignment(client, locationId, { id: assignmentId }))!, events };
    });
  }
}
