/** One topic per producing service (DESIGN section 5); keys are aggregate ids. */
export const Topics = {
  ledger: 'credits.ledger.v1',
  membership: 'credits.membership.v1',
  billing: 'credits.billing.v1',
  payments: 'credits.payments.v1',
  booking: 'credits.booking.v1',
} as const;

export type Topic = (typeof Topics)[keyof typeof Topics];

/** CloudEvents `source` of each producer. */
export const Sources = {
  ledger: '/credits/ledger',
  membership: '/credits/membership',
  billing: '/credits/billing',
  payments: '/credits/payments',
  booking: '/credits/booking',
} as const;
