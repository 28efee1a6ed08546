import type { BookingPaymentMethod } from '@credits/contracts';
import type { MemberFactsResponse } from '@credits/contracts/http';
import type { Money } from '@credits/contracts';
import type { BookingTarget } from './booking-target.rules';
import type { BookingCardPayment, RefundPart } from './booking.events';
import type { Resource } from './resource';

export type BookingKind = 'booking' | 'check-in';

export interface PaymentChoice {
  readonly method: BookingPaymentMethod;
  readonly companyId?: string;
  /** split: at most this many credits (hundredths) */
  readonly maxCredits?: number;
}

/** Time and ids come with every command: the decider reads no clock. */
interface Base {
  readonly bookingId: string;
  readonly now: string;
}

export interface PlaceBooking extends Base {
  readonly type: 'PlaceBooking';
  readonly locationId: string;
  readonly userId: string;
  readonly kind: BookingKind;
  /** null: no such resource in the location */
  readonly resource: Resource | null;
  /** membership's facts of the caller now (with the company of `payment.companyId`) */
  readonly facts: MemberFactsResponse;
  readonly target: BookingTarget;
  readonly payment: PaymentChoice;
}

/** The ledger holds the credits (step 1 of the saga). */
export interface RecordCreditsHeld extends Base {
  readonly type: 'RecordCreditsHeld';
  readonly holdId: string;
}

/** The ledger refused the hold (not enough credits, credits off, wallet gone): the booking fails. */
export interface RecordHoldRefused extends Base {
  readonly type: 'RecordHoldRefused';
  readonly reason: string;
  /** credits missing (hundredths), when that was the reason */
  readonly shortfall: number | null;
}

/** The ledger captured the hold (step 2): the booking is confirmed. */
export interface RecordCaptured extends Base {
  readonly type: 'RecordCaptured';
}

/** The hold can no longer be captured (it expired and was released): the booking fails. */
export interface RecordHoldLost extends Base {
  readonly type: 'RecordHoldLost';
  readonly reason: string;
}

export interface CancelBooking extends Base {
  readonly type: 'CancelBooking';
  /** the booker or an admin */
  readonly actorId: string;
}

/** An admin hands an order's products over: from then on it is final (no cancel, no refund, its stock stays sold). */
export interface FulfillOrder extends Base {
  readonly type: 'FulfillOrder';
  readonly actorId: string;
}

/** A part of a cancellation's refund is done: the credits by the ledger, the money by payments. */
export interface RecordRefunded extends Base {
  readonly type: 'RecordRefunded';
  readonly part: RefundPart;
}

/**
 * The ledger or payments refused a part of a cancellation's refund for good (a 4xx: e.g. the wallet is
 * gone): recorded, not retried; a person settles it (the service logs an alert).
 */
export interface RecordRefundRefused extends Base {
  readonly type: 'RecordRefundRefused';
  readonly part: RefundPart;
  readonly reason: string;
}

/** Payments started the card payment (card, or split's card part after the hold). */
export interface RecordPaymentStarted extends Base {
  readonly type: 'RecordPaymentStarted';
  readonly payment: BookingCardPayment;
}

/** Payments says the card payment succeeded (PaymentSucceeded). */
export interface RecordPaymentSucceeded extends Base {
  readonly type: 'RecordPaymentSucceeded';
  readonly paymentId: string;
  readonly amount: Money;
}

/** Payments says the card payment failed, or it did not arrive within the timeout: the booking fails. */
export interface RecordPaymentFailed extends Base {
  readonly type: 'RecordPaymentFailed';
  readonly reason: string;
}

/** The ledger released a failed booking's hold. */
export interface RecordHoldReleased extends Base {
  readonly type: 'RecordHoldReleased';
}

/** Payments refunded a payment that arrived after the booking failed. */
export interface RecordLatePaymentRefunded extends Base {
  readonly type: 'RecordLatePaymentRefunded';
}

/** Payments refused for good (a 4xx) to refund a payment that arrived after the booking failed: recorded, a person settles it. */
export interface RecordLatePaymentRefundRefused extends Base {
  readonly type: 'RecordLatePaymentRefundRefused';
  readonly reason: string;
}

export type BookingCommand =
  | PlaceBooking
  | RecordCreditsHeld
  | RecordHoldRefused
  | RecordCaptured
  | RecordHoldLost
  | CancelBooking
  | FulfillOrder
  | RecordRefunded
  | RecordRefundRefused
  | RecordPaymentStarted
  | RecordPaymentSucceeded
  | RecordPaymentFailed
  | RecordHoldReleased
  | RecordLatePaymentRefunded
  | RecordLatePaymentRefundRefused;
