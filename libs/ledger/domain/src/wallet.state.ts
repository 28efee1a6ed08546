import type { GrantSource, LotAmount, LotKind, Money, SpendPurpose } from '@credits/contracts';

/** A lot (R4): credits from one grant. Amounts are integer hundredths. */
export interface Lot {
  readonly lotId: string;
  readonly kind: LotKind;
  /** amount granted */
  readonly granted: number;
  /** what is left to use: not spent, deducted, held or expired */
  readonly remaining: number;
  /** null for permanent lots; an expiring lot is unusable from this instant on */
  readonly expiresAt: string | null;
  readonly source: GrantSource;
  readonly unitPrice: Money | null;
  readonly planPeriodId: string | null;
  readonly createdAt: string;
  /** stream position (1-based) of the grant; breaks ties between lots created at the same instant */
  readonly sequence: number;
  /** set once CreditsExpired closed the lot; an expired lot never comes back to life (R9) */
  readonly expiredAt: string | null;
}

/** How much a spend (or capture) took from one lot, and how much of that has been refunded. */
export interface LotConsumption {
  readonly lotId: string;
  readonly amount: number;
  readonly refunded: number;
}

/** Credits that left the wallet for a purpose and may come back by refund. */
export interface Consumption {
  readonly amount: number;
  readonly refunded: number;
  /** in the order they were taken (R7 order) */
  readonly lots: readonly LotConsumption[];
  readonly purpose: SpendPurpose;
  readonly occurredAt: string;
}

export interface Spend extends Consumption {
  readonly spendId: string;
}

export type HoldStatus = 'open' | 'captured' | 'released';

export interface Hold {
  readonly holdId: string;
  readonly amount: number;
  readonly expiresAt: string;
  readonly purpose: SpendPurpose;
  readonly createdAt: string;
  readonly status: HoldStatus;
  /** credits taken out of lots while the hold is open, in R7 order */
  readonly reservations: readonly LotAmount[];
  /** what was captured (spent), once status is `captured` */
  readonly capture: Consumption | null;
}

export interface WalletState {
  readonly walletId: string;
  /** number of events applied: the expected version for the next append */
  readonly version: number;
  /** in grant order */
  readonly lots: readonly Lot[];
  readonly holds: Readonly<Record<string, Hold>>;
  /** every spend when folded from all events; a stored snapshot has none (see snapshotOf) */
  readonly spends: Readonly<Record<string, Spend>>;
  // Ids already used, so a retried command with the same id is refused instead of applied twice.
  readonly deductionIds: readonly string[];
  readonly refundIds: readonly string[];
  /** what CreditsExpiringSoon gave notice of, by expiryWarningKey, so each notice is given once */
  readonly expiryWarnings: readonly string[];
}

export function initialWalletState(walletId: string): WalletState {
  return { walletId, version: 0, lots: [], holds: {}, spends: {}, deductionIds: [], refundIds: [], expiryWarnings: [] };
}

/**
 * What one expiry notice covers: the lots of a plan period together, other expiring lots by their
 * expiresAt.
 */
export function expiryWarningKey(lot: { readonly planPeriodId: string | null; readonly expiresAt: string | null }): string {
  return lot.planPeriodId !== null ? `period:${lot.planPeriodId}` : `expires:${lot.expiresAt}`;
}

/** Expiring lots with credits left, not closed yet, that no CreditsExpiringSoon has covered. */
export function lotsAwaitingNotice(state: WalletState): Lot[] {
  const noticed = new Set(state.expiryWarnings);
  return state.lots.filter((lot) => lot.kind === 'expiring' && lot.expiredAt === null && lot.remaining > 0 && !noticed.has(expiryWarningKey(lot)));
}

// Ids are client supplied: look them up as own properties only ("constructor", "__proto__").
export function holdOf(state: WalletState, holdId: string): Hold | undefined {
  return Object.hasOwn(state.holds, holdId) ? state.holds[holdId] : undefined;
}

export function spendOf(state: WalletState, spendId: string): Spend | undefined {
  return Object.hasOwn(state.spends, spendId) ? state.spends[spendId] : undefined;
}

export function lotOf(state: WalletState, lotId: string): Lot | undefined {
  return state.lots.find((lot) => lot.lotId === lotId);
}
