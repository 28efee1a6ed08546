import { decideAssignmentChange, decideAssignPlan, type AssignFacts, type AssignmentChangeFacts } from './assignment.rules';
import { admin, member } from './testing/given-when-then.test-kit';

const assign = (overrides: Partial<AssignFacts> = {}): AssignFacts => ({
  caller: admin,
  holder: { type: 'user', id: 'bob' },
  holderFacts: { type: 'user', activeMember: true },
  plan: { planId: 'flex', archived: false },
  planId: 'flex',
  holderHasPlan: false,
  ...overrides,
});
const running = { running: true, planId: 'flex', pendingPlanId: null };
const change = (overrides: Partial<AssignmentChangeFacts> = {}): AssignmentChangeFacts => ({
  caller: admin,
  assignmentId: 'a1',
  assignment: running,
  toPlan: { planId: 'pro', archived: false },
  ...overrides,
});
const rejection = (decision: ReturnType<typeof decideAssignPlan>) => (decision.ok ? null : decision.rejection);

describe('assigning a plan', () => {
  it('assigns an active plan to an active member without one', () => {
    expect(decideAssignPlan(assign())).toEqual({ ok: true, state: true, events: [] });
  });

  it('refuses, in this order: members, inactive holders, missing and archived plans, holders on a plan', () => {
    expect(rejection(decideAssignPlan(assign({ caller: member, plan: null })))).toMatchObject({ type: 'forbidden' });
    expect(rejection(decideAssignPlan(assign({ holderFacts: { type: 'user', activeMember: false }, plan: null })))).toEqual({
      type: 'invalid',
      field: 'holder.id',
      reason: 'bob is not an active member of this location',
    });
    expect(rejection(decideAssignPlan(assign({ plan: null })))).toMatchObject({ type: 'not-found', detail: 'plan flex does not exist' });
    expect(rejection(decideAssignPlan(assign({ plan: { planId: 'flex', archived: true }, holderHasPlan: true })))).toMatchObject({ code: 'plan-archived' });
    expect(rejection(decideAssignPlan(assign({ holderHasPlan: true })))).toMatchObject({ type: 'conflict', code: 'plan-already-assigned' });
  });
});

describe('changing an assignment', () => {
  it('changes to another active plan, or back to the running one while a change is pending', () => {
    expect(decideAssignmentChange({ kind: 'change-plan', planId: 'pro' }, change()).ok).toBe(true);
    expect(decideAssignmentChange({ kind: 'change-plan', planId: 'flex' }, change({ assignment: { ...running, pendingPlanId: 'pro' }, toPlan: { planId: 'flex', archived: false } })).ok).toBe(true);
  });

  it('refuses the plan it already runs, archived and missing plans, ended and unknown assignments', () => {
    const refused = (kind: Parameters<typeof decideAssignmentChange>[0], facts: AssignmentChangeFacts) => rejection(decideAssignmentChange(kind, facts));
    expect(refused({ kind: 'change-plan', planId: 'flex' }, change({ toPlan: { planId: 'flex', archived: false } }))).toMatchObject({ code: 'same-plan' });
    expect(refused({ kind: 'change-plan', planId: 'pro' }, change({ toPlan: { planId: 'pro', archived: true } }))).toMatchObject({ code: 'plan-archived' });
    expect(refused({ kind: 'change-plan', planId: 'pro' }, change({ toPlan: null }))).toMatchObject({ type: 'not-found' });
    expect(refused({ kind: 'cancel' }, change({ assignment: { ...running, running: false } }))).toMatchObject({ code: 'assignment-ended' });
    expect(refused({ kind: 'cancel' }, change({ assignment: null }))).toMatchObject({ type: 'not-found', detail: 'plan assignment a1 does not exist' });
    expect(refused({ kind: 'cancel' }, change({ caller: member, assignment: null }))).toMatchObject({ type: 'forbidden' });
  });
});
