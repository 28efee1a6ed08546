import fc from 'fast-check';
import { discounted, quote, quoteWithin } from './pricing.policy';
import type { Slot } from './booking-target.rules';
import { company, facts, plan, room } from './testing/given-when-then.test-kit';

const twoHours: Slot = { start: '2026-06-03T08:00:00.000Z', end: '2026-06-03T10:00:00.000Z', date: null, quantity: 1, units: 120, policyStart: null };
const tenCredits = room({ creditPrice: 500, moneyPrice: { amount: 1000, currency: 'EUR' } });
const discount20 = plan({ resourceDiscountPercent: 20 });

describe('quote (R2, R16)', () => {
  it('applies the plan discount to credits only with discountAppliesToCredits: 8.00 on, 10.00 off', () => {
    const on = quote(tenCredits, twoHours, facts({ plan: discount20, discountAppliesToCredits: true }));
    const off = quote(tenCredits, twoHours, facts({ plan: discount20, discountAppliesToCredits: false }));
    expect(on).toEqual({ listPrice: { money: { amount: 2000, currency: 'EUR' }, credits: 1000 }, discountPercent: 20, price: { money: { amount: 1600, currency: 'EUR' }, credits: 800 }, paymentMethods: ['personal-credits', 'card', 'split'] });
    expect(off.price).toEqual({ money: { amount: 1600, currency: 'EUR' }, credits: 1000 });
  });

  it('has no credit price and no credit methods when credits are off', () => {
    expect(quote(tenCredits, twoHours, facts({ creditsEnabled: false }))).toMatchObject({ listPrice: { credits: null }, price: { credits: null }, paymentMethods: ['card'] });
  });

  it('offers non-members money only, without a plan discount', () => {
    expect(quote(tenCredits, twoHours, facts({ member: null, plan: discount20 }))).toMatchObject({ discountPercent: 0, paymentMethods: ['card'] });
  });

  it('prices company credits with the company’s plan, for its members only', () => {
    const member = quote(tenCredits, twoHours, facts({ company: company({ plan: discount20 }), discountAppliesToCredits: true }), 'acme');
    expect(member).toMatchObject({ discountPercent: 20, price: { credits: 800 }, paymentMethods: ['company-credits', 'card'] });
    expect(quote(tenCredits, twoHours, facts({ company: company({ isMember: false }) }), 'acme').paymentMethods).toEqual(['card']);
  });

  it('prices rooms by the minute, rounded half up to a hundredth', () => {
    const ninetyFive: Slot = { ...twoHours, units: 95 };
    expect(quote(room({ creditPrice: 333, moneyPrice: null }), ninetyFive, facts()).price.credits).toBe(527);
  });

  it('refuses a total larger than an amount can safely hold, instead of rounding it', () => {
    const huge = room({ creditPrice: 999_999_999_999_999, moneyPrice: null });
    expect(quoteWithin(huge, { ...twoHours, units: 1440 }, facts())).toEqual({ field: 'end', reason: expect.stringMatching(/larger/) });
  });

  it('keeps price + discount = list price exactly, never negative', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000_000 }), fc.integer({ min: 0, max: 100 }), (amount, percent) => {
        const price = discounted(amount, percent);
        expect(Number.isSafeInteger(price)).toBe(true);
        expect(price).toBeGreaterThanOrEqual(0);
        expect(price).toBeLessThanOrEqual(amount);
        expect(Math.abs((amount - price) * 100 - amount * percent)).toBeLessThanOrEqual(50);
      }),
    );
  });
});
