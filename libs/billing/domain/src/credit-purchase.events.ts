import type { Money } from '@credits/contracts';
import type { PaymentMethod, WalletRef } from './credit-purchase.commands';

/** What a purchase is about, fixed when it starts: later option or plan edits change none of it. */
export interface PurchaseTerms {
  readonly purchaseId: string;
  readonly locationId: string;
  readonly buyerId: string;
  readonly wallet: WalletRef;
  readonly optionId: string;
  readonly optionName: string;
  /** hundredths */
  readonly credits: number;
  readonly listPrice: Money;
  readonly discountPercent: number;
  readonly price: Money;
  readonly paymentMethod: PaymentMethod;
}

/** What happened to a purchase; billing stores the state they lead to (the published event is CreditPurchaseCompleted). */
export type PurchaseEvent =
  | { readonly type: 'PurchaseStarted'; readonly data: PurchaseTerms & { readonly occurredAt: string } }
  | { readonly type: 'PurchaseCompleted'; readonly data: { readonly purchaseId: string; readonly paymentId: string | null; readonly occurredAt: string } }
  | { readonly type: 'PurchaseFailed'; readonly data: { readonly purchaseId: string; readonly paymentId: string; readonly reason: string; readonly occurredAt: string } };
