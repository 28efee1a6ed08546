import type { Actor, DeductionKind, GrantSource, LotKind, Money, MoneyRefundReference, SpendPurpose, WalletOwner } from '@credits/contracts';

/**
 * Commands to a wallet. Time (`now`) and ids come in with the command: the caller (the service)
 * owns the clock and id generation, so deciding is deterministic and tests can move time.
 * Amounts are credits in integer hundredths.
 */
interface CommandBase<TType extends string> {
  readonly type: TType;
  readonly walletId: string;
  /** ISO-8601 UTC instant at which the command takes effect */
  readonly now: string;
  readonly actor: Actor;
  readonly reason: string;
}

export interface GrantCredits extends CommandBase<'GrantCredits'> {
  readonly lotId: string;
  readonly kind: LotKind;
  readonly amount: number;
  readonly source: GrantSource;
  /** required for expiring lots (after `now`), absent or null for permanent ones */
  readonly expiresAt?: string | null;
  readonly planPeriodId?: string | null;
  readonly unitPrice?: Money | null;
  /** the purchase that bought the credits (source `purchase`) */
  readonly purchaseId?: string | null;
  /** the money refund the credits settle (source `refund`) */
  readonly moneyRefund?: MoneyRefundReference | null;
}

export interface DeductCredits extends CommandBase<'DeductCredits'> {
  readonly deductionId: string;
  readonly kind: DeductionKind;
  readonly amount: number;
}

export interface SpendCredits extends CommandBase<'SpendCredits'> {
  readonly spendId: string;
  readonly amount: number;
  readonly purpose: SpendPurpose;
}

export interface HoldCredits extends CommandBase<'HoldCredits'> {
  readonly holdId: string;
  readonly amount: number;
  /** the hold can be captured before this instant; ExpireHolds releases it from then on */
  readonly expiresAt: string;
  readonly purpose: SpendPurpose;
}

export interface CaptureHold extends CommandBase<'CaptureHold'> {
  readonly holdId: string;
  /** omitted: the whole hold; less than held: the rest is released */
  readonly amount?: number;
}

export interface ReleaseHold extends CommandBase<'ReleaseHold'> {
  readonly holdId: string;
}

/** Releases every open hold whose expiresAt <= now. */
export type ExpireHolds = CommandBase<'ExpireHolds'>;

/** Refund of a spend or of a captured hold: exactly one of `spendId` / `holdId`. */
export type RefundSpend = CommandBase<'RefundSpend'> & {
  readonly refundId: string;
  /** omitted: everything not refunded yet */
  readonly amount?: number;
} & ({ readonly spendId: string; readonly holdId?: undefined } | { readonly holdId: string; readonly spendId?: undefined });

/** With `planPeriodId`: the lots of that plan period; without: every lot whose expiresAt <= now. */
export interface ExpireLots extends CommandBase<'ExpireLots'> {
  readonly planPeriodId?: string | null;
}

/**
 * Gives notice of expiring credits left within `leadMs` of their expiry: once per plan period, or
 * per expiresAt for lots without a period (the wallet remembers what it warned of).
 */
export interface WarnExpiringCredits extends CommandBase<'WarnExpiringCredits'> {
  /** the wallet's owner, named in the notice */
  readonly owner: WalletOwner;
  /** how long before the expiry the notice is due, in milliseconds */
  readonly leadMs: number;
}

export type LedgerCommand =
  | GrantCredits
  | DeductCredits
  | SpendCredits
  | HoldCredits
  | CaptureHold
  | ReleaseHold
  | ExpireHolds
  | RefundSpend
  | ExpireLots
  | WarnExpiringCredits;

export type LedgerCommandType = LedgerCommand['type'];
