import type { BookingPaymentMethod, Money, PlanHolder, ResourceType } from '@credits/contracts';
import type { BookingKind } from './booking.commands';
import type { RefundPolicy } from './resource';

/** What a booking is and what it costs, fixed when it is placed (later resource edits change nothing). */
export interface BookingTerms {
  readonly bookingId: string;
  readonly locationId: string;
  readonly resourceId: string;
  readonly resourceType: ResourceType;
  readonly resourceName: string;
  readonly kind: BookingKind;
  readonly userId: string;
  readonly start: string | null;
  readonly end: string | null;
  readonly date: string | null;
  readonly quantity: number;
  readonly policyStart: string | null;
  readonly refundPolicy: RefundPolicy;
  readonly method: BookingPaymentMethod;
  /** the wallet the credits come from; null when no credits are paid */
  readonly wallet: PlanHolder | null;
  /** credits charged, hundredths */
  readonly credits: number;
  /** money charged by card */
  readonly money: Money;
  /** split without maxCredits: the whole price, so the credits can shrink to the wallet's balance */
  readonly splitPrice?: { readonly credits: number; readonly money: Money };
}

export type BookingDomainEvent =
  | { readonly type: 'BookingPlaced'; readonly data: BookingTerms & { readonly occurredAt: string } }
  | { readonly type: 'CreditsHeld'; readonly data: { readonly holdId: string; readonly occurredAt: string } }
  | { readonly type: 'BookingFailed'; readonly data: { readonly reason: string; readonly shortfall: number | null; readonly occurredAt: string } }
  | { readonly type: 'BookingConfirmed'; readonly data: { readonly occurredAt: string } }
  | { readonly type: 'CancellationStarted'; readonly data: { readonly refundPercent: number; readonly refundCredits: number; readonly refundMoney: Money; readonly cancelledBy: string; readonly occurredAt: string } }
  | { readonly type: 'BookingCancelled'; readonly data: { readonly occurredAt: string } }
  | { readonly type: 'OrderFulfilled'; readonly data: { readonly fulfilledBy: string; readonly occurredAt: string } }
  | { readonly type: 'SplitRepriced'; readonly data: { readonly credits: number; readonly money: Money; readonly occurredAt: string } }
  | { readonly type: 'PaymentStarted'; readonly data: BookingCardPayment & { readonly occurredAt: string } }
  | { readonly type: 'PaymentReceived'; readonly data: { readonly paymentId: string; readonly occurredAt: string } }
  | { readonly type: 'LatePaymentReceived'; readonly data: { readonly paymentId: string; readonly amount: Money; readonly occurredAt: string } }
  | { readonly type: 'HoldReleased'; readonly data: { readonly occurredAt: string } }
  | { readonly type: 'LatePaymentRefunded'; readonly data: { readonly occurredAt: string } }
  | { readonly type: 'LatePaymentRefundRefused'; readonly data: { readonly reason: string; readonly occurredAt: string } }
  | { readonly type: 'PartRefunded'; readonly data: { readonly part: RefundPart; readonly occurredAt: string } }
  | { readonly type: 'RefundRefused'; readonly data: { readonly part: RefundPart; readonly reason: string; readonly occurredAt: string } };

/** The card payment payments started for a booking (card, or the card part of split). */
export interface BookingCardPayment {
  readonly paymentId: string;
  readonly paymentIntentId: string;
  readonly clientSecret: string;
}

export type RefundPart = 'credits' | 'money';
