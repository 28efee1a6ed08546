import type { Money } from '@credits/contracts';
import type { BookingCardPayment, BookingDomainEvent, BookingTerms, RefundPart } from './booking.events';

/**
 * The saga's states. Credits: pending (capacity taken) -> held -> confirmed. Card and split
 * bookings wait in awaiting_payment for the payment's outcome. A cancellation goes through
 * cancelling (capacity given back, refund due) to cancelled. Failed is final and takes nothing.
 */
export type BookingStatus = 'pending' | 'held' | 'awaiting_payment' | 'confirmed' | 'cancelling' | 'cancelled' | 'failed';

/** States that occupy their slot, desk day, tickets or stock. */
export const OCCUPYING_STATUSES: readonly BookingStatus[] = ['pending', 'held', 'awaiting_payment', 'confirmed'];

export interface Booking extends BookingTerms {
  readonly status: BookingStatus;
  readonly holdId: string | null;
  readonly failureReason: string | null;
  readonly shortfall: number | null;
  readonly refundPercent: number | null;
  readonly refundCredits: number | null;
  readonly refundMoney: Money | null;
  readonly createdAt: string;
  readonly confirmedAt: string | null;
  readonly cancelledAt: string | null;
  readonly cancelledBy: string | null;
  /** split: the credits were lowered to the wallet's balance (the hold's key names the new amount) */
  readonly repriced?: boolean;
  /** card and split: the card payment, once payments started it (absent on credits-only bookings) */
  readonly payment?: BookingCardPayment | null;
  /** the card payment succeeded (split: the hold is captured next) */
  readonly paid?: boolean;
  /** a failed booking's hold went back to the wallet */
  readonly holdReleased?: boolean;
  /** a payment that succeeded after the booking failed: refunded by card, never delivered (refundRefused: payments refused that refund for good, a person settles it) */
  readonly latePayment?: { readonly paymentId: string; readonly amount: Money; readonly refunded: boolean; readonly refundRefused?: string } | null;
  /** an order handed over (products): when, and by which admin */
  readonly fulfilled?: { readonly at: string; readonly by: string };
  /** parts of a cancellation's refund done (credits through the ledger, money through payments) */
  readonly refunded?: readonly RefundPart[];
  /** parts of a cancellation's refund the ledger or payments refused for good: not given back, a person settles them */
  readonly refundsRefused?: readonly { readonly part: RefundPart; readonly reason: string }[];
}

export type BookingState = Booking | null;

export function evolve(state: BookingState, event: BookingDomainEvent): BookingState {
  switch (event.type) {
    case 'BookingPlaced': {
      const { occurredAt, ...terms } = event.data;
      return {
        ...terms,
        status: 'pending',
        holdId: null,
        failureReason: null,
        shortfall: null,
        refundPercent: null,
        refundCredits: null,
        refundMoney: null,
        createdAt: occurredAt,
        confirmedAt: null,
        cancelledAt: null,
        cancelledBy: null,
      };
    }
    case 'CreditsHeld':
      return state && { ...state, status: 'held', holdId: event.data.holdId };
    case 'BookingFailed':
      return state && { ...state, status: 'failed', failureReason: event.data.reason, shortfall: event.data.shortfall };
    case 'BookingConfirmed':
      return state && { ...state, status: 'confirmed', confirmedAt: event.data.occurredAt };
    case 'CancellationStarted':
      return (
        state && {
          ...state,
          status: 'cancelling',
          refundPercent: event.data.refundPercent,
          refundCredits: event.data.refundCredits,
          refundMoney: event.data.refundMoney,
          cancelledAt: event.data.occurredAt,
          cancelledBy: event.data.cancelledBy,
        }
      );
    case 'BookingCancelled':
      return state && { ...state, status: 'cancelled' };
    case 'OrderFulfilled':
      return state && { ...state, fulfilled: { at: event.data.occurredAt, by: event.data.fulfilledBy } };
    case 'SplitRepriced':
      return state && { ...state, credits: event.data.credits, money: event.data.money, repriced: true };
    case 'PaymentStarted': {
      const { occurredAt: _at, ...payment } = event.data;
      return state && { ...state, status: 'awaiting_payment', payment };
    }
    case 'PaymentReceived':
      return state && { ...state, paid: true };
    case 'LatePaymentReceived':
      return state && { ...state, latePayment: { paymentId: event.data.paymentId, amount: event.data.amount, refunded: false } };
    case 'LatePaymentRefunded':
      return state && state.latePayment ? { ...state, latePayment: { ...state.latePayment, refunded: true } } : state;
    case 'LatePaymentRefundRefused':
      return state && state.latePayment ? { ...state, latePayment: { ...state.latePayment, refundRefused: event.data.reason } } : state;
    case 'HoldReleased':
      return state && { ...state, holdReleased: true };
    case 'PartRefunded':
      return state && { ...state, refunded: [...(state.refunded ?? []), event.data.part] };
    case 'RefundRefused':
      return state && { ...state, refundsRefused: [...(state.refundsRefused ?? []), { part: event.data.part, reason: event.data.reason }] };
    default: {
      const unknown: never = event;
      throw new Error(`unknown booking event ${JSON.stringify(unknown)}`);
    }
  }
}
