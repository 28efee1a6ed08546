import type { BillingPeriod, RolloverCap } from '@credits/contracts';
import { periodBoundary } from './plan-calendar';

/** What a plan period takes from its plan when it starts; later plan edits do not change it. */
export interface PlanTerms {
  readonly planId: string;
  readonly billingPeriod: BillingPeriod;
  readonly allowance: number;
  readonly rollover: RolloverCap;
}

/**
 * Where a period sits: periods of one anchor are counted from it (`index`), so calendar months
 * never drift (Jan 31, Feb 28, Mar 31, ...).
 */
export interface PeriodPlacement {
  readonly anchorAt: Date;
  readonly index: number;
  readonly startsAt: Date;
  readonly endsAt: Date;
}

export interface NewPeriod extends PeriodPlacement {
  readonly terms: PlanTerms;
}

/** The assignment's instructions for its next boundary. */
export interface AssignmentAtBoundary {
  /** the plan of the period that ends */
  readonly planId: string;
  /** a plan change waiting for the next period */
  readonly pendingPlanId: string | null;
  readonly cancelAtPeriodEnd: boolean;
}

/** The first period of an assignment (or after an immediate plan change): anchored where it starts. */
export function firstPeriod(startsAt: Date, terms: PlanTerms, timeZone: string): NewPeriod {
  return { anchorAt: startsAt, index: 0, startsAt, endsAt: periodBoundary(startsAt, timeZone, terms.billingPeriod, 1), terms };
}

/**
 * The period that follows `ended`, or null when the assignment ends with it. It uses the plan as
 * it is now (edits take effect from the next period) or the pending plan; the same billing period
 * continues the anchor, another one starts a new anchor at the boundary.
 */
export function nextPeriod(
  ended: PeriodPlacement & { readonly billingPeriod: BillingPeriod },
  assignment: AssignmentAtBoundary,
  currentTermsOf: (planId: string) => PlanTerms,
  timeZone: string,
): NewPeriod | null {
  if (assignment.cancelAtPeriodEnd) return null;
  const terms = currentTermsOf(assignment.pendingPlanId ?? assignment.planId);
  const sameCalendar = terms.billingPeriod.unit === ended.billingPeriod.unit && terms.billingPeriod.count === ended.billingPeriod.count;
  if (!sameCalendar) return firstPeriod(ended.endsAt, terms, timeZone);
  const index = ended.index + 1;
  return { anchorAt: ended.anchorAt, index, startsAt: ended.endsAt, endsAt: periodBoundary(ended.anchorAt, timeZone, terms.billingPeriod, index + 1), terms };
}

export type ChangeTiming = 'next-period' | 'now';
export type CancelTiming = 'period-end' | 'now';

/**
 * When a plan change or cancellation takes effect: at the current period's end, or now (the
 * current period is ended at `now`). Returns the instant the current period ends.
 */
export function effectiveAt(timing: ChangeTiming | CancelTiming, currentPeriodEndsAt: Date, now: Date): Date {
  return timing === 'now' ? now : currentPeriodEndsAt;
}

/** Field problems of a plan's rollover cap: percent is 0-100, credits any non-negative amount. */
export function rolloverProblems(rollover: RolloverCap): string | null {
  if (!Number.isSafeInteger(rollover.value) || rollover.value < 0) return 'value must be a non-negative integer';
  if (rollover.mode === 'percent' && rollover.value > 100) return 'a percent cap is at most 100';
  if (rollover.mode === 'none' && rollover.value !== 0) return 'value must be 0 when mode is "none"';
  return null;
}
