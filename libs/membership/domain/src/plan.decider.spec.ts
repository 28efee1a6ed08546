import type { CreatePlanRequest } from '@credits/contracts/http';
import { decidePlanChange, rolloverFrom, type Plan, type PlanFacts } from './plan.decider';
import { LOCATION, admin, data, decider, member } from './testing/given-when-then.test-kit';

const plans = decider(decidePlanChange);
const request: CreatePlanRequest = {
  name: 'Flex',
  price: { amount: 9900, currency: 'EUR' },
  billingPeriod: { unit: 'month', count: 1 },
  allowance: '20.50',
  resourceDiscountPercent: 10,
  creditOptionDiscountPercent: 0,
  billPaymentEnabled: false,
};
const definition = {
  planId: 'p1',
  name: 'Flex',
  price: { amount: 9900, currency: 'EUR' },
  billingPeriod: { unit: 'month', count: 1 },
  allowance: 2050,
  resourceDiscountPercent: 10,
  creditOptionDiscountPercent: 0,
  billPaymentEnabled: false,
  rollover: { mode: 'none', value: 0 },
} as const;
const flex: Plan = { locationId: LOCATION, status: 'active', definition };
const facts = (overrides: Partial<PlanFacts> = {}): PlanFacts => ({ caller: admin, locationCurrency: 'EUR', plan: flex, ...overrides });

describe('plans', () => {
  it('creates a plan from the request: credits as hundredths, no rollover by default', () => {
    expect(plans.given(facts({ plan: null })).when({ kind: 'create', planId: 'p1', request }).then([{ type: 'PlanCreated', version: 1, data: data(definition) }])).toEqual(flex);
  });

  it('refuses another currency than the location’s and a misplaced rollover cap, naming the field', () => {
    const usd = { ...request, price: { amount: 100, currency: 'USD' } };
    plans.given(facts({ plan: null })).when({ kind: 'create', planId: 'p1', request: usd }).then({ type: 'invalid', field: 'price.currency', reason: 'must be the location currency EUR' });
    plans.given(facts()).when({ kind: 'edit', planId: 'p1', request: { rollover: { mode: 'credits', percent: 5 } } }).then({ type: 'invalid', field: 'rollover.percent' });
  });

  it('edits from the next period on; an edit that changes nothing records nothing', () => {
    expect(plans.given(facts()).when({ kind: 'edit', planId: 'p1', request: { allowance: '30', rollover: { mode: 'percent', percent: 50 } } }).then([
      { type: 'PlanChanged', version: 1, data: data({ ...definition, allowance: 3000, rollover: { mode: 'percent', value: 50 } }) },
    ]).definition).toMatchObject({ allowance: 3000, rollover: { mode: 'percent', value: 50 } });
    expect(plans.given(facts()).when({ kind: 'edit', planId: 'p1', request: { name: 'Flex' } }).then([])).toEqual(flex);
  });

  it('archives once; archiving again is a repeat and an archived plan takes no edits', () => {
    const archived = plans.given(facts()).when({ kind: 'archive', planId: 'p1' }).then([{ type: 'PlanArchived', version: 1, data: data({ planId: 'p1' }) }]);
    expect(archived.status).toBe('archived');
    plans.given(facts({ plan: archived })).when({ kind: 'archive', planId: 'p1' }).then([]);
    plans.given(facts({ plan: archived })).when({ kind: 'edit', planId: 'p1', request: { name: 'X' } }).then({ type: 'conflict', code: 'plan-archived' });
  });

  it('authorizes first: members get 403, also for a plan that does not exist', () => {
    plans.given(facts({ caller: member, plan: null })).when({ kind: 'archive', planId: 'nope' }).then({ type: 'forbidden', detail: 'only location admins can change plans' });
    plans.given(facts({ caller: member, plan: null })).when({ kind: 'create', planId: 'p1', request }).then({ type: 'forbidden', detail: 'only location admins can create plans' });
    plans.given(facts({ plan: null })).when({ kind: 'edit', planId: 'nope', request: { name: 'X' } }).then({ type: 'not-found', detail: 'plan nope does not exist' });
  });
});

describe('rollover caps', () => {
  it('reads credits as hundredths and percents as they are', () => {
    expect(rolloverFrom(undefined)).toEqual({ ok: true, value: { mode: 'none', value: 0 } });
    expect(rolloverFrom({ mode: 'credits', credits: '5.5' })).toEqual({ ok: true, value: { mode: 'credits', value: 550 } });
    expect(rolloverFrom({ mode: 'percent', percent: 50 })).toEqual({ ok: true, value: { mode: 'percent', value: 50 } });
  });

  it('names a missing, misplaced or out-of-range cap', () => {
    expect(rolloverFrom({ mode: 'credits' })).toMatchObject({ ok: false, field: 'rollover.credits', reason: 'is required when mode is "credits"' });
    expect(rolloverFrom({ mode: 'none', percent: 5 })).toMatchObject({ ok: false, field: 'rollover.percent' });
    expect(rolloverFrom({ mode: 'percent', percent: 150 })).toMatchObject({ ok: false, field: 'rollover', reason: 'a percent cap is at most 100' });
  });
});
