import type { AssignmentResponse } from '@credits/contracts/http';
import { canManagePlans, type CancelTiming, type ChangeTiming } from '@credits/membership-domain';
import { Problems, type RequestActor } from '@credits/platform';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import { cancelAssignment, changePlan } from '../plan-periods/assignment-lifecycle';
import { lockCurrentPeriod } from '../plan-periods/plan-period.store';
import { readAssignment } from '../shared/assignment.row';
import { inLocation, type Outcome } from '../shared/membership-command';
import { MEMBERSHIP_POOL } from '../shared/membership.tokens';
import { requirePlan } from '../shared/plan.row';

export type AssignmentChange = { readonly kind: 'change-plan'; readonly planId: string; readonly timing: ChangeTiming } | { readonly kind: 'cancel'; readonly timing: CancelTiming };

export class ChangeAssignmentCommand {
  constructor(readonly actor: RequestActor, readonly locationId: string, readonly assignmentId: string, readonly change: AssignmentChange, readonly now: Date) {}
}

export type ChangeAssignmentResult = Outcome<AssignmentResponse>;

/** Change the plan or cancel, at the period's end or now (the current period then ends now). Admins only. */
@CommandHandler(ChangeAssignmentCommand)
export class ChangeAssignmentHandler implements ICommandHandler<ChangeAssignmentCommand, ChangeAssignmentResult> {
  constructor(@Inject(MEMBERSHIP_POOL) private readonly pool: Pool) {}

  async execute({ actor, locationId, assignmentId, change, now }: ChangeAssignmentCommand): Promise<ChangeAssignmentResult> {
    return inLocation(this.pool, locationId, actor, now, async ({ client, caller, actor: by }) => {
      if (!canManagePlans(caller)) throw Problems.forbidden('only location admins can change plan assignments');
      const assignment = await readAssignment(client, locationId, { id: assignmentId });
      if (!assignment) throw Problems.notFound(`plan assignment ${assignmentId} does not exist`);
      const period = assignment.status === 'active' ? await lockCurrentPeriod(client, { assignmentId: assignment.id }) : null;
      if (!period) throw Problems.conflict('assignment-ended', 'Assignment ended', `plan assignment ${assignmentId} has ended`);
      let events;
      switch (change.kind) {
        case 'change-plan': {
          const plan = await requirePlan(client, locationId, change.planId);
          if (plan.status === 'archived') throw Problems.conflict('plan-archived', 'Plan archived', `plan ${change.planId} is archived`);
          if (change.planId === period.planId && assignment.pendingPlanId === null) {
            throw Problems.conflict('same-plan', 'Already on this plan', `the assignment already runs plan ${change.planId}`);
          }
          events = await changePlan(client, period, change.planId, change.timing, now, by);
          break;
        }
        case 'cancel':
          events = await cancelAssignment(client, period, change.timing, now, by);
          break;
        default: {
          const unknownChange: never = change;
          throw new Error(`unknown assignment change ${JSON.stringify(unknownChange)}`);
        }
      }
      return { result: (await readAssignment(client, locationId, { id: assignmentId }))!, events };
    });
  }
}
