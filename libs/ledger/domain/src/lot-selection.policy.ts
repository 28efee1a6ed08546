import type { LotAmount } from '@credits/contracts';
import { instantMillis } from './instant.value';
import type { Lot } from './wallet.state';

/**
 * A lot can be used while it has not been expired by an event and `now` is before its expiresAt:
 * at the expiry instant itself it is already unusable (R8, expiry is exact).
 */
export function isLotUsable(lot: Lot, nowMillis: number): boolean {
  return lot.expiredAt === null && (lot.expiresAt === null || instantMillis(lot.expiresAt) > nowMillis);
}

/** Credits going back to a lot that is no longer usable expire at once (R9). */
export function hasLotExpired(lot: Lot, nowMillis: number): boolean {
  return !isLotUsable(lot, nowMillis);
}

/**
 * R7 spending order: expiring lots first, soonest expiry first; then permanent lots, oldest first.
 * Ties fall back to creation time, then stream position, so the order is total and replay-stable.
 */
export function compareSpendingOrder(a: Lot, b: Lot): number {
  if (a.kind !== b.kind) return a.kind === 'expiring' ? -1 : 1;
  if (a.expiresAt !== null && b.expiresAt !== null) {
    const byExpiry = instantMillis(a.expiresAt) - instantMillis(b.expiresAt);
    if (byExpiry !== 0) return byExpiry;
  }
  const byCreation = instantMillis(a.createdAt) - instantMillis(b.createdAt);
  return byCreation !== 0 ? byCreation : a.sequence - b.sequence;
}

/** Usable lots with something left, in R7 spending order. */
export function spendableLots(lots: readonly Lot[], nowMillis: number, accept: (lot: Lot) => boolean = () => true): Lot[] {
  const usable = lots.filter((lot) => lot.remaining > 0 && isLotUsable(lot, nowMillis) && accept(lot));
  // Most wallets have one lot to spend from: nothing to order, and no instants to parse.
  return usable.length < 2 ? usable : usable.sort(compareSpendingOrder);
}

export function sumOf(items: readonly { readonly amount: number }[]): number {
  return items.reduce((total, item) => total + item.amount, 0);
}

/** Takes `amount` from `lots` in the given order; the caller has checked that they hold enough. */
export function takeInOrder(lots: readonly Lot[], amount: number): LotAmount[] {
  const taken: LotAmount[] = [];
  let rest = amount;
  for (const lot of lots) {
    if (rest === 0) break;
    const take = Math.min(lot.remaining, rest);
    if (take > 0) taken.push({ lotId: lot.lotId, amount: take });
    rest -= take;
  }
  return taken;
}
