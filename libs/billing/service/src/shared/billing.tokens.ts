export const BILLING_SCHEMA = 'billing';
export const BILLING_POOL = Symbol('BILLING_POOL');
export const BILLING_CLOCK = Symbol('BILLING_CLOCK');
export const MEMBER_FACTS = Symbol('MEMBER_FACTS');
export const CARD_PAYMENTS = Symbol('CARD_PAYMENTS');
export const LEDGER_APPLIED = Symbol('LEDGER_APPLIED');

/** The service clock: time is an input (tests may pass their own). */
export interface BillingClock {
  now(): Date;
}
