import type { Money } from '@credits/contracts';

/**
 * Prices after a plan discount (R10), in integer minor units (R3). The discount is rounded half up
 * to a minor unit and taken off the list price, so price + discount = list price exactly, 0% keeps
 * the list price and 100% makes it 0 (free).
 */
export function discountedPrice(listPrice: Money, discountPercent: number): Money {
  if (!Number.isSafeInteger(listPrice.amount) || listPrice.amount < 0) throw new RangeError(`list price must be a whole non-negative amount, got ${listPrice.amount}`);
  if (!Number.isInteger(discountPercent) || discountPercent < 0 || discountPercent > 100) throw new RangeError(`discount must be 0-100 percent, got ${discountPercent}`);
  const discount = Math.floor((listPrice.amount * discountPercent + 50) / 100);
  return { amount: listPrice.amount - discount, currency: listPrice.currency };
}

/**
 * What one credit cost (CreditPurchaseCompleted's `unitPrice`, which values the lot): the price of
 * `credits` hundredths per 100 hundredths, rounded half up to a minor unit. The purchase keeps the
 * exact price; only this per-credit valuation is rounded.
 */
export function unitPriceOf(price: Money, credits: number): Money {
  if (!Number.isSafeInteger(credits) || credits <= 0) throw new RangeError(`credits must be a positive number of hundredths, got ${credits}`);
  return { amount: Math.floor((price.amount * 200 + credits) / (2 * credits)), currency: price.currency };
}
