import fc from 'fast-check';
import { eventsOf, place, room } from './testing/given-when-then.test-kit';

/** The split (credits first up to maxCredits, the rest by card): exact integers that together pay the price once. */
describe('split payment charge', () => {
  it('charges at most maxCredits, and by card the share of the money price the credits leave uncovered', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 1, max: 10_000_000 }), fc.integer({ min: 1, max: 3_000_000 }), (creditsPerHour, moneyPerHour, maxCredits) => {
        const resource = room({ creditPrice: creditsPerHour, moneyPrice: { amount: moneyPerHour, currency: 'EUR' } });
        const [placed] = eventsOf(place({ resource, payment: { method: 'split', maxCredits } }));
        if (placed.type !== 'BookingPlaced') throw new Error('expected BookingPlaced');
        const { credits, money } = placed.data;
        const priceCredits = creditsPerHour * 2;
        const priceMoney = moneyPerHour * 2;
        expect(Number.isSafeInteger(credits) && Number.isSafeInteger(money.amount)).toBe(true);
        expect(credits).toBe(Math.min(maxCredits, priceCredits));
        expect(money.amount).toBeGreaterThanOrEqual(0);
        expect(money.amount).toBeLessThanOrEqual(priceMoney);
        if (credits === priceCredits) expect(money.amount).toBe(0);
        // within half a minor unit of the exact uncovered share
        expect(Math.abs(money.amount * priceCredits - priceMoney * (priceCredits - credits)) * 2).toBeLessThanOrEqual(priceCredits);
      }),
    );
  });
});
