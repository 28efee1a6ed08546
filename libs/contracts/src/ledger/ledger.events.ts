import type { Actor, DomainEvent, Money } from '../event';
import type { WalletOwner } from './wallet-id.value';

/**
 * Ledger events (R4-R9, R18), version 1. All amounts are credits in integer hundredths ("12.50" = 1250);
 * all instants are ISO-8601 UTC strings. Correlation and causation ids are not part of the data: they
 * travel in the envelope (EventEnvelope / CloudEvents extension attributes).
 */

export const lotKinds = ['permanent', 'expiring'] as const;
export type LotKind = (typeof lotKinds)[number];
/** What an admin deduction may take from (R6). */
export const deductionKinds = [...lotKinds, 'any'] as const;
export type DeductionKind = (typeof deductionKinds)[number];
export const grantSources = ['plan', 'admin', 'purchase', 'refund', 'rollover'] as const;
export type GrantSource = (typeof grantSources)[number];
export const resourceTypes = ['room', 'desk', 'event', 'product'] as const;
export type ResourceType = (typeof resourceTypes)[number];

/** What credits were spent (or held) for: the booking, check-in, ticket or order in the owning service. */
export interface SpendPurpose {
  readonly resourceType: ResourceType;
  readonly reference: string;
}

/** How much of one lot an event touched. */
export interface LotAmount {
  readonly lotId: string;
  readonly amount: number;
}

/**
 * Credits going back to a lot (refund, hold release). `expiredAmount` is the part of `amount` that expired
 * at once because the lot had already expired (R9: an expired lot does not come back to life).
 */
export interface LotReturn extends LotAmount {
  readonly expiredAmount: number;
}

/** Fields every ledger event carries (R18: who, why, when, and which lots). */
export interface LedgerEventDataBase<TLot extends LotAmount = LotAmount> {
  readonly walletId: string;
  readonly occurredAt: string;
  readonly actor: Actor;
  readonly reason: string;
  readonly lots: readonly TLot[];
}

export interface CreditsGrantedData extends LedgerEventDataBase {
  readonly lotId: string;
  readonly amount: number;
  readonly kind: LotKind;
  /** null for permanent lots */
  readonly expiresAt: string | null;
  readonly source: GrantSource;
  readonly planPeriodId: string | null;
  /** what one credit cost when bought (source `purchase`); null otherwise */
  readonly unitPrice: Money | null;
  /** v2: the purchase that bought these credits (source `purchase`); null otherwise */
  readonly purchaseId: string | null;
  /** v2: the money refund these credits settle instead of money (source `refund`, R15); null otherwise */
  readonly moneyRefund: MoneyRefundReference | null;
}

/** A refund of a money payment, taken as credits: the payments service's ids. */
export interface MoneyRefundReference {
  readonly refundId: string;
  readonly paymentId: string;
}

/** CreditsGranted as written before v2: neither purchaseId nor moneyRefund. */
export type CreditsGrantedV1Data = Omit<CreditsGrantedData, 'purchaseId' | 'moneyRefund'>;

export interface CreditsDeductedData extends LedgerEventDataBase {
  readonly deductionId: string;
  /** the kind of credits the admin asked to deduct */
  readonly kind: DeductionKind;
  readonly amount: number;
}

export interface CreditsSpentData extends LedgerEventDataBase {
  readonly spendId: string;
  readonly amount: number;
  readonly purpose: SpendPurpose;
}

export interface CreditsHeldData extends LedgerEventDataBase {
  readonly holdId: string;
  readonly amount: number;
  /** after this instant the hold can no longer be captured and is released */
  readonly expiresAt: string;
  readonly purpose: SpendPurpose;
}

/** `lots` are the captured (spent) amounts; what was held beyond `amount` is released in the same event. */
export interface CreditsHoldCapturedData extends LedgerEventDataBase {
  readonly holdId: string;
  readonly amount: number;
  readonly purpose: SpendPurpose;
  readonly releasedAmount: number;
  /** part of `releasedAmount` that expired at once (released into lots that had expired) */
  readonly expiredAmount: number;
  readonly releasedLots: readonly LotReturn[];
}

export interface CreditsHoldReleasedData extends LedgerEventDataBase<LotReturn> {
  readonly holdId: string;
  readonly amount: number;
  /** part of `amount` that expired at once (released into lots that had expired) */
  readonly expiredAmount: number;
  /** true when released because the hold reached its expiresAt, false when released on request */
  readonly timedOut: boolean;
}

/** Exactly one of `spendId` / `holdId` (a captured hold) is set. */
export interface CreditsRefundedData extends LedgerEventDataBase<LotReturn> {
  readonly refundId: string;
  readonly spendId: string | null;
  readonly holdId: string | null;
  readonly amount: number;
  /** part of `amount` that expired at once (returned to lots that had expired) */
  readonly expiredAmount: number;
}

/** What remained of the listed lots expired (R8); each lot is expired at most once, possibly with amount 0. */
export interface CreditsExpiredData extends LedgerEventDataBase {
  readonly amount: number;
  /** set when triggered by the end of a plan period, null when by the lots' expiresAt */
  readonly planPeriodId: string | null;
}

/**
 * A notice, not a balance change: `amount` credits of the listed lots are still unused and expire at
 * `expiresAt` (the soonest expiry among them). Emitted once per wallet and plan period, or, for
 * expiring lots without a period, once per wallet and expiresAt, a configured time before it.
 */
export interface CreditsExpiringSoonData extends LedgerEventDataBase {
  /** whose wallet it is, so notifications need not parse the wallet id */
  readonly owner: WalletOwner;
  /** credits left in the listed lots when the notice was given (held credits are not counted) */
  readonly amount: number;
  readonly expiresAt: string;
  /** the plan period whose credits expire, null for lots without a period */
  readonly planPeriodId: string | null;
}

export type CreditsGranted = DomainEvent<'CreditsGranted', CreditsGrantedData, 2>;
export type CreditsDeducted = DomainEvent<'CreditsDeducted', CreditsDeductedData, 1>;
export type CreditsSpent = DomainEvent<'CreditsSpent', CreditsSpentData, 1>;
export type CreditsHeld = DomainEvent<'CreditsHeld', CreditsHeldData, 1>;
export type CreditsHoldCaptured = DomainEvent<'CreditsHoldCaptured', CreditsHoldCapturedData, 1>;
export type CreditsHoldReleased = DomainEvent<'CreditsHoldReleased', CreditsHoldReleasedData, 1>;
export type CreditsRefunded = DomainEvent<'CreditsRefunded', CreditsRefundedData, 1>;
export type CreditsExpired = DomainEvent<'CreditsExpired', CreditsExpiredData, 1>;
export type CreditsExpiringSoon = DomainEvent<'CreditsExpiringSoon', CreditsExpiringSoonData, 1>;

export type LedgerEvent =
  | CreditsGranted
  | CreditsDeducted
  | CreditsSpent
  | CreditsHeld
  | CreditsHoldCaptured
  | CreditsHoldReleased
  | CreditsRefunded
  | CreditsExpired
  | CreditsExpiringSoon;

export type LedgerEventType = LedgerEvent['type'];

/** Stable event type names, in the order they were introduced. */
export const ledgerEventTypes = [
  'CreditsGranted',
  'CreditsDeducted',
  'CreditsSpent',
  'CreditsHeld',
  'CreditsHoldCaptured',
  'CreditsHoldReleased',
  'CreditsRefunded',
  'CreditsExpired',
  'CreditsExpiringSoon',
] as const satisfies readonly LedgerEventType[];
