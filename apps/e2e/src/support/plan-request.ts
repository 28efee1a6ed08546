/** A valid create-plan request body: 20 credits every calendar month for 99.00 EUR; `overrides` replace fields. */
export function planRequest(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'Flex',
    price: { amount: 9900, currency: 'EUR' },
    billingPeriod: { unit: 'month', count: 1 },
    allowance: '20.00',
    resourceDiscountPercent: 10,
    creditOptionDiscountPercent: 0,
    billPaymentEnabled: true,
    ...overrides,
  };
}
