import type { Money } from '@credits/contracts';
import type { MemberFactsResponse } from '@credits/contracts/http';

export type PaymentMethod = 'card' | 'bill' | 'free';

/** Whose wallet the credits go to. */
export interface WalletRef {
  readonly ownerType: 'user' | 'company';
  readonly ownerId: string;
}

/** A credit option as the purchase reads it (null: the location has no such option). */
export interface OptionSnapshot {
  readonly optionId: string;
  readonly name: string;
  readonly status: 'active' | 'archived';
  /** hundredths */
  readonly credits: number;
  readonly listPrice: Money;
}

/** Facts as membership answers them; `company` must be there when the wallet is a company's. */
export type BuyerFacts = MemberFactsResponse;

interface CommandBase {
  readonly purchaseId: string;
  /** ISO-8601 instant: time comes in with the command */
  readonly now: string;
}

export interface StartPurchase extends CommandBase {
  readonly type: 'StartPurchase';
  readonly locationId: string;
  readonly buyerId: string;
  readonly wallet: WalletRef;
  readonly paymentMethod: PaymentMethod;
  readonly option: OptionSnapshot | null;
  readonly facts: BuyerFacts;
}

/** Payments says the card payment for this purchase succeeded (PaymentSucceeded). */
export interface RecordPaymentSucceeded extends CommandBase {
  readonly type: 'RecordPaymentSucceeded';
  readonly paymentId: string;
  readonly amount: Money;
}

/** Payments says the card payment failed (PaymentFailed). */
export interface RecordPaymentFailed extends CommandBase {
  readonly type: 'RecordPaymentFailed';
  readonly paymentId: string;
  readonly reason: string;
}

export interface CancelPurchase extends CommandBase {
  readonly type: 'CancelPurchase';
}

export type PurchaseCommand = StartPurchase | RecordPaymentSucceeded | RecordPaymentFailed | CancelPurchase;
