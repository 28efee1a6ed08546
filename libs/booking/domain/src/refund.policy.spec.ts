import fc from 'fast-check';
import { refundOf, refundPercentAt, refundPolicyProblem } from './refund.policy';

const policy = { fullRefundUntilHoursBefore: 24, partialRefundUntilHoursBefore: 2, partialRefundPercent: 50 };
const start = '2026-06-03T08:00:00.000Z';

describe('refund policy (R9)', () => {
  it('is full until N hours before, partial until M hours before, nothing after', () => {
    expect(refundPercentAt(policy, start, '2026-06-02T02:00:00.000Z')).toBe(100);
    expect(refundPercentAt(policy, start, '2026-06-02T08:00:00.000Z')).toBe(100);
    expect(refundPercentAt(policy, start, '2026-06-02T08:00:00.001Z')).toBe(50);
    expect(refundPercentAt(policy, start, '2026-06-03T06:00:00.000Z')).toBe(50);
    expect(refundPercentAt(policy, start, '2026-06-03T06:00:00.001Z')).toBe(0);
    expect(refundPercentAt({ fullRefundUntilHoursBefore: 24 }, start, '2026-06-03T06:00:00.000Z')).toBe(0);
  });

  it('refunds products in full (until fulfilled)', () => {
    expect(refundPercentAt(policy, null, '2030-01-01T00:00:00.000Z')).toBe(100);
  });

  it('never refunds more than was paid, and all of it at 100%', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e12 }), fc.integer({ min: 0, max: 100 }), (paid, percent) => {
        const refund = refundOf(paid, percent);
        expect(refund).toBeGreaterThanOrEqual(0);
        expect(refund).toBeLessThanOrEqual(paid);
        if (percent === 100) expect(refund).toBe(paid);
      }),
    );
  });

  it('refuses a partial window without its percentage, or not inside the full one', () => {
    expect(refundPolicyProblem({ fullRefundUntilHoursBefore: 24, partialRefundUntilHoursBefore: 2 })).toMatch(/together/);
    expect(refundPolicyProblem({ fullRefundUntilHoursBefore: 24, partialRefundUntilHoursBefore: 24, partialRefundPercent: 50 })).toMatch(/less than/);
    expect(refundPolicyProblem(policy)).toBeNull();
  });
});
