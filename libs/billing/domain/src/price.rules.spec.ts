import fc from 'fast-check';
import { discountedPrice, unitPriceOf } from './price.rules';

const eur = (amount: number) => ({ amount, currency: 'EUR' });

describe('discountedPrice', () => {
  it('takes the discount off, rounded half up to a minor unit', () => {
    expect(discountedPrice(eur(900), 10)).toEqual(eur(810));
    expect(discountedPrice(eur(999), 15)).toEqual(eur(849)); // discount 149.85 -> 150
    expect(discountedPrice(eur(10), 25)).toEqual(eur(7)); // discount 2.5 -> 3
    expect(discountedPrice(eur(10), 24)).toEqual(eur(8)); // discount 2.4 -> 2
    expect(discountedPrice(eur(900), 100)).toEqual(eur(0));
    expect(discountedPrice(eur(900), 0)).toEqual(eur(900));
  });

  it('refuses what is not a whole amount or a 0-100 percent', () => {
    expect(() => discountedPrice(eur(9.5), 10)).toThrow(RangeError);
    expect(() => discountedPrice(eur(-1), 10)).toThrow(RangeError);
    expect(() => discountedPrice(eur(900), 101)).toThrow(RangeError);
    expect(() => discountedPrice(eur(900), 12.5)).toThrow(RangeError);
  });

  // Reference: exact rational arithmetic in BigInt, away from the implementation's formula.
  it('equals the list price less the exact discount rounded half up, and stays within [0, list price]', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999_999 }), fc.integer({ min: 0, max: 100 }), (amount, percent) => {
        const price = discountedPrice(eur(amount), percent).amount;
        const exactDiscountTimes100 = BigInt(amount) * BigInt(percent);
        const discount = BigInt(amount) - BigInt(price);
        // |discount - exact| <= 1/2, and exactly 1/2 rounds up
        const diff = discount * 100n - exactDiscountTimes100;
        expect(diff > -50n && diff <= 50n).toBe(true);
        expect(Number.isSafeInteger(price) && price >= 0 && price <= amount).toBe(true);
      }),
    );
  });

  it('never charges more for a bigger discount', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999_999 }), fc.integer({ min: 0, max: 99 }), (amount, percent) => {
        expect(discountedPrice(eur(amount), percent + 1).amount).toBeLessThanOrEqual(discountedPrice(eur(amount), percent).amount);
      }),
    );
  });
});

describe('unitPriceOf', () => {
  it('values one credit (100 hundredths) of the purchase, rounded half up', () => {
    expect(unitPriceOf(eur(900), 1000)).toEqual(eur(90));
    expect(unitPriceOf(eur(1000), 300)).toEqual(eur(333)); // 333.33
    expect(unitPriceOf(eur(1000), 600)).toEqual(eur(167)); // 166.67
    expect(unitPriceOf(eur(1), 200)).toEqual(eur(1)); // 0.5 -> 1
    expect(unitPriceOf(eur(0), 1000)).toEqual(eur(0));
    expect(() => unitPriceOf(eur(900), 0)).toThrow(RangeError);
  });

  it('is the exact per-credit price within half a minor unit', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999_999 }), fc.integer({ min: 1, max: 1_000_000_000 }), (amount, credits) => {
        const unit = BigInt(unitPriceOf(eur(amount), credits).amount);
        // unit ~ amount * 100 / credits: |unit * credits - amount * 100| <= credits / 2, ties up
        const diff = 2n * (unit * BigInt(credits) - BigInt(amount) * 100n);
        expect(diff > -BigInt(credits) && diff <= BigInt(credits)).toBe(true);
      }),
    );
  });
});
