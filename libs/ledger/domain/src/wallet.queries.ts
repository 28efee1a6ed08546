import type { GrantSource, LotKind } from '@credits/contracts';
import { instantMillis } from './instant.value';
import { spendableLots } from './lot-selection.policy';
import { lotsAwaitingNotice, type WalletState } from './wallet.state';

export interface LotBalance {
  readonly lotId: string;
  readonly kind: LotKind;
  readonly remaining: number;
  readonly expiresAt: string | null;
  readonly source: GrantSource;
}

/** Credits in integer hundredths. `balance` = `permanent` + `expiring` = what can be spent at `now`. */
export interface WalletBalance {
  readonly balance: number;
  readonly permanent: number;
  readonly expiring: number;
  readonly held: number;
  /** usable lots with credits left, in R7 spending order */
  readonly lots: readonly LotBalance[];
}

/**
 * Balance of a wallet at `now` (an ISO-8601 UTC instant).
 * - Lots past their expiresAt count for nothing, even before CreditsExpired records it (R8).
 * - Held credits left their lots when the hold was placed, so they are in neither `balance` nor `lots`:
 *   `held` is the sum of all open holds, and it still includes a hold past its own expiresAt until the
 *   release (ExpireHolds) is recorded. Spendable + held is what the member has, pending bookings included.
 */
export function balanceOf(state: WalletState, now: string): WalletBalance {
  const lots = spendableLots(state.lots, instantMillis(now));
  let permanent = 0;
  let expiring = 0;
  for (const lot of lots) {
    if (lot.kind === 'permanent') permanent += lot.remaining;
    else expiring += lot.remaining;
  }
  const held = Object.values(state.holds).reduce((total, hold) => total + (hold.status === 'open' ? hold.amount : 0), 0);
  return {
    balance: permanent + expiring,
    permanent,
    expiring,
    held,
    lots: lots.map(({ lotId, kind, remaining, expiresAt, source }) => ({ lotId, kind, remaining, expiresAt, source })),
  };
}

/**
 * When the ledger's scheduler must next act on the wallet: the soonest expiry of a lot not closed
 * yet, or timeout of an open hold (null: nothing will come due).
 */
export function nextDueAt(state: WalletState): string | null {
  const lots = state.lots.filter((lot) => lot.kind === 'expiring' && lot.expiredAt === null).map((lot) => lot.expiresAt);
  const holds = Object.values(state.holds).filter((hold) => hold.status === 'open').map((hold) => hold.expiresAt);
  return earliest([...lots, ...holds]);
}

/** The soonest expiry of credits left that no CreditsExpiringSoon covers yet (null: nothing to give notice of). */
export function nextWarningAt(state: WalletState): string | null {
  return earliest(lotsAwaitingNotice(state).map((lot) => lot.expiresAt));
}

function earliest(instants: readonly (string | null)[]): string | null {
  let soonest: number | null = null;
  for (const instant of instants) {
    if (instant === null) continue;
    const millis = instantMillis(instant);
    if (soonest === null || millis < soonest) soonest = millis;
  }
  return soonest === null ? null : new Date(soonest).toISOString();
}
