import { effectiveAt, firstPeriod, nextPeriod, rolloverProblems, type PlanTerms } from './plan-period.rules';

const tz = 'Europe/Berlin';
const monthly: PlanTerms = { planId: 'p-month', billingPeriod: { unit: 'month', count: 1 }, allowance: 2000, rollover: { mode: 'none', value: 0 } };
const weekly: PlanTerms = { planId: 'p-week', billingPeriod: { unit: 'week', count: 1 }, allowance: 500, rollover: { mode: 'percent', value: 50 } };
const plans = (...terms: PlanTerms[]) => (planId: string) => terms.find((t) => t.planId === planId)!;
const keep = { planId: 'p-month', pendingPlanId: null, cancelAtPeriodEnd: false };

describe('plan period rules', () => {
  it('anchors the first period where it starts and ends it one billing period later', () => {
    const period = firstPeriod(new Date('2026-01-30T23:00:00Z'), monthly, tz);
    expect(period).toMatchObject({ index: 0, terms: monthly });
    expect(period.startsAt.toISOString()).toBe('2026-01-30T23:00:00.000Z');
    expect(period.endsAt.toISOString()).toBe('2026-02-27T23:00:00.000Z');
  });

  it('continues the anchor: Jan 31 -> Feb 28 -> Mar 31', () => {
    const first = firstPeriod(new Date('2026-01-30T23:00:00Z'), monthly, tz);
    const second = nextPeriod({ ...first, billingPeriod: monthly.billingPeriod }, keep, plans(monthly), tz)!;
    expect(second.index).toBe(1);
    expect(second.startsAt).toEqual(first.endsAt);
    expect(second.endsAt.toISOString()).toBe('2026-03-30T22:00:00.000Z');
  });

  it('takes plan edits from the next period on', () => {
    const first = firstPeriod(new Date('2026-01-30T23:00:00Z'), monthly, tz);
    const edited = { ...monthly, allowance: 3000 };
    expect(nextPeriod({ ...first, billingPeriod: monthly.billingPeriod }, keep, plans(edited), tz)!.terms.allowance).toBe(3000);
  });

  it('switches to a pending plan at the boundary and anchors a new calendar there', () => {
    const first = firstPeriod(new Date('2026-01-30T23:00:00Z'), monthly, tz);
    const next = nextPeriod({ ...first, billingPeriod: monthly.billingPeriod }, { ...keep, pendingPlanId: 'p-week' }, plans(monthly, weekly), tz)!;
    expect(next.terms).toEqual(weekly);
    expect(next.index).toBe(0);
    expect(next.anchorAt).toEqual(first.endsAt);
    expect(next.endsAt.toISOString()).toBe('2026-03-06T23:00:00.000Z');
  });

  it('starts no period after a cancellation at period end', () => {
    const first = firstPeriod(new Date('2026-01-30T23:00:00Z'), monthly, tz);
    expect(nextPeriod({ ...first, billingPeriod: monthly.billingPeriod }, { ...keep, cancelAtPeriodEnd: true }, plans(monthly), tz)).toBeNull();
  });

  it('takes effect now or at the current period end, as the caller chose', () => {
    const now = new Date('2026-02-10T10:00:00Z');
    const end = new Date('2026-02-27T23:00:00Z');
    expect(effectiveAt('now', end, now)).toBe(now);
    expect(effectiveAt('next-period', end, now)).toBe(end);
    expect(effectiveAt('period-end', end, now)).toBe(end);
  });

  it('checks rollover caps', () => {
    expect(rolloverProblems({ mode: 'none', value: 0 })).toBeNull();
    expect(rolloverProblems({ mode: 'percent', value: 100 })).toBeNull();
    expect(rolloverProblems({ mode: 'percent', value: 101 })).toMatch(/at most 100/);
    expect(rolloverProblems({ mode: 'credits', value: -1 })).toMatch(/non-negative/);
    expect(rolloverProblems({ mode: 'none', value: 5 })).toMatch(/must be 0/);
  });
});
