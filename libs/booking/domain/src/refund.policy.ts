import type { RefundPolicy } from './resource';

const HOUR = 3_600_000;

/**
 * The share of the price a cancellation at `now` gets back (R9): 100 until the full-refund window
 * closes, the partial percentage until the partial window closes, 0 after. `policyStart` null
 * (products) is always 100: an order is refundable until it is fulfilled, and a fulfilled one is not
 * cancelled at all (the decider refuses it).
 */
export function refundPercentAt(policy: RefundPolicy, policyStart: string | null, now: string): number {
  if (policyStart === null) return 100;
  const before = Date.parse(policyStart) - Date.parse(now);
  if (before >= policy.fullRefundUntilHoursBefore * HOUR) return 100;
  if (policy.partialRefundUntilHoursBefore !== undefined && policy.partialRefundPercent !== undefined && before >= policy.partialRefundUntilHoursBefore * HOUR) {
    return policy.partialRefundPercent;
  }
  return 0;
}

/** What `percent` of a paid amount is, rounded down: a refund never exceeds what was paid. */
export function refundOf(paid: number, percent: number): number {
  return Math.floor((paid * percent) / 100);
}

/** A policy's own rule: the partial window closes after the full one, and comes with its percentage. */
export function refundPolicyProblem(policy: RefundPolicy): string | null {
  const { partialRefundUntilHoursBefore: hours, partialRefundPercent: percent } = policy;
  if ((hours === undefined) !== (percent === undefined)) return 'partialRefundUntilHoursBefore and partialRefundPercent come together';
  if (hours !== undefined && hours >= policy.fullRefundUntilHoursBefore) return 'partialRefundUntilHoursBefore must be less than fullRefundUntilHoursBefore';
  return null;
}
