import type { PlanHolder } from '@credits/contracts';
import { canManagePlans, holderProblem, type HolderFacts } from './company-access.policy';
import type { Caller } from './location-access.policy';
import { accept, conflict, forbidden, invalid, notFound, type Decision } from './membership.decision';

/** A plan as an assignment needs it: whether it exists there and takes new assignments. */
export interface AssignablePlan {
  readonly planId: string;
  readonly archived: boolean;
}

export interface AssignFacts {
  readonly caller: Caller;
  readonly holder: PlanHolder;
  readonly holderFacts: HolderFacts;
  /** null: no such plan in the location */
  readonly plan: AssignablePlan | null;
  readonly planId: string;
  readonly holderHasPlan: boolean;
}

const planRefusal = <S>(planId: string, plan: AssignablePlan | null, archivedDetail: string): Decision<S> | null => {
  if (!plan) return notFound(`plan ${planId} does not exist`);
  if (plan.archived) return conflict('plan-archived', 'Plan archived', archivedDetail);
  return null;
};

/** Admins give an active member or an active company a plan that is not archived; a holder has one plan at a time. */
export function decideAssignPlan(facts: AssignFacts): Decision<true> {
  if (!canManagePlans(facts.caller)) return forbidden('only location admins can assign plans');
  const problem = holderProblem(facts.holderFacts);
  if (problem) return invalid('holder.id', `${facts.holder.id} ${problem}`);
  const refused = planRefusal<true>(facts.planId, facts.plan, `plan ${facts.planId} is archived and cannot be assigned`);
  if (refused) return refused;
  if (facts.holderHasPlan) return conflict('plan-already-assigned', 'Already on a plan', `${facts.holder.id} already has a plan; change or cancel it instead`);
  return accept(true);
}

export type AssignmentChangeKind = { readonly kind: 'change-plan'; readonly planId: string } | { readonly kind: 'cancel' };

export interface AssignmentChangeFacts {
  readonly caller: Caller;
  readonly assignmentId: string;
  /** null: no such assignment in the location */
  readonly assignment: { readonly running: boolean; readonly planId: string; readonly pendingPlanId: string | null } | null;
  /** the plan to change to (change-plan only) */
  readonly toPlan: AssignablePlan | null;
}

/** Admins change a running assignment's plan (to another active plan) or cancel it. */
export function decideAssignmentChange(change: AssignmentChangeKind, facts: AssignmentChangeFacts): Decision<true> {
  if (!canManagePlans(facts.caller)) return forbidden('only location admins can change plan assignments');
  if (!facts.assignment) return notFound(`plan assignment ${facts.assignmentId} does not exist`);
  if (!facts.assignment.running) return conflict('assignment-ended', 'Assignment ended', `plan assignment ${facts.assignmentId} has ended`);
  if (change.kind === 'cancel') return accept(true);
  const refused = planRefusal<true>(change.planId, facts.toPlan, `plan ${change.planId} is archived`);
  if (refused) return refused;
  if (change.planId === facts.assignment.planId && facts.assignment.pendingPlanId === null) {
    return conflict('same-plan', 'Already on this plan', `the assignment already runs plan ${change.planId}`);
  }
  return accept(true);
}
