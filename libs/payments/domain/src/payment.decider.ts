import type { Actor, Money, PaymentFailed, PaymentPurpose, PaymentSucceeded, PlanHolder, RefundIssued } from '@credits/contracts';
import { creditsForMoney } from './currency-units.value';

export type PaymentStatus = 'awaiting_payment' | 'succeeded' | 'failed' | 'mismatch';

/** A card payment for one purpose and what has been refunded of it. */
export interface PaymentState {
  readonly paymentId: string;
  readonly locationId: string;
  readonly payer: PlanHolder;
  readonly purpose: PaymentPurpose;
  readonly amount: Money;
  readonly paymentIntentId: string;
  readonly status: PaymentStatus;
  /** minor units refunded so far, as money or as credits */
  readonly refunded: number;
}

/**
 * Stripe said it took money that does not match the payment (amount or currency): nothing is
 * delivered, and a person has to look. Recorded, never published.
 */
export interface PaymentAmountMismatched {
  readonly type: 'PaymentAmountMismatched';
  readonly version: 1;
  readonly data: {
    readonly paymentId: string;
    readonly paymentIntentId: string;
    readonly expected: Money;
    readonly received: Money;
    readonly occurredAt: string;
  };
}

export type PaymentEvent = PaymentSucceeded | PaymentFailed | RefundIssued | PaymentAmountMismatched;

export type PaymentCommand =
  | {
      /** a signed `payment_intent.succeeded`, with what Stripe says it received */
      readonly type: 'RecordPaymentSucceeded';
      readonly paymentIntentId: string;
      readonly received: Money;
      readonly now: string;
      readonly actor: Actor;
    }
  | {
      /** a signed `payment_intent.payment_failed` */
      readonly type: 'RecordPaymentFailed';
      readonly paymentIntentId: string;
      readonly reason: string;
      readonly now: string;
      readonly actor: Actor;
    }
  | {
      readonly type: 'RefundPayment';
      readonly refundId: string;
      readonly amount: Money;
      readonly method: 'card' | 'credits';
      readonly reason: string;
      readonly now: string;
      readonly actor: Actor;
    };

export type PaymentRejection =
  | { readonly type: 'not-paid'; readonly status: PaymentStatus }
  /** a credit purchase is final (R13): its payment is never refunded */
  | { readonly type: 'credit-purchase-final' }
  | { readonly type: 'currency-mismatch'; readonly expected: string; readonly actual: string }
  | { readonly type: 'invalid-amount'; readonly amount: number }
  | { readonly type: 'exceeds-refundable'; readonly requested: Money; readonly refundable: Money }
  /** the amount has no exact credit equivalent (a fraction of a hundredth, or an unknown currency) */
  | { readonly type: 'inexact-credits'; readonly amount: Money };

export type DecideResult =
  | { readonly ok: true; readonly events: readonly PaymentEvent[] }
  | { readonly ok: false; readonly rejection: PaymentRejection };

/** What an admin may still refund: the unrefunded rest of a succeeded payment, never of a credit purchase. */
export function refundableOf(state: PaymentState): Money {
  const open = state.status === 'succeeded' && state.purpose.type !== 'credit-purchase';
  return { amount: open ? state.amount.amount - state.refunded : 0, currency: state.amount.currency };
}

/**
 * Decides what a Stripe outcome or a refund does to a payment. Stripe outcomes never fail: one that
 * changes nothing (a duplicate, a failure after the success, another PaymentIntent's event) decides
 * no events. A success for other money than the payment's is recorded as a mismatch, not a success.
 */
export function decide(command: PaymentCommand, state: PaymentState): DecideResult {
  switch (command.type) {
    case 'RecordPaymentSucceeded':
      return decideSucceeded(command, state);
    case 'RecordPaymentFailed':
      return decideFailed(command, state);
    case 'RefundPayment':
      return decideRefund(command, state);
    default:
      return assertNever(command);
  }
}

export function evolve(state: PaymentState, event: PaymentEvent): PaymentState {
  switch (event.type) {
    case 'PaymentSucceeded':
      return { ...state, status: 'succeeded' };
    case 'PaymentFailed':
      return { ...state, status: 'failed' };
    case 'PaymentAmountMismatched':
      return { ...state, status: 'mismatch' };
    case 'RefundIssued':
      return { ...state, refunded: state.refunded + event.data.amount.amount };
    default:
      return assertNever(event);
  }
}

const accepted = (events: readonly PaymentEvent[]): DecideResult => ({ ok: true, events });
const rejected = (rejection: PaymentRejection): DecideResult => ({ ok: false, rejection });

/** Only an open payment takes an outcome: success and mismatch are final, a failure may still be followed by a success (the customer retried). */
const takesOutcome = (state: PaymentState, command: { paymentIntentId: string }) =>
  (state.status === 'awaiting_payment' || state.status === 'failed') && command.paymentIntentId === state.paymentIntentId;

function outcomeData(state: PaymentState, now: string, actor: Actor) {
  return {
    paymentId: state.paymentId,
    locationId: state.locationId,
    payer: state.payer,
    purpose: state.purpose,
    amount: state.amount,
    paymentIntentId: state.paymentIntentId,
    occurredAt: now,
    actor,
  };
}

function decideSucceeded(command: Extract<PaymentCommand, { type: 'RecordPaymentSucceeded' }>, state: PaymentState): DecideResult {
  if (!takesOutcome(state, command)) return accepted([]);
  const { received } = command;
  if (received.amount !== state.amount.amount || received.currency !== state.amount.currency) {
    return accepted([
      {
        type: 'PaymentAmountMismatched',
        version: 1,
        data: { paymentId: state.paymentId, paymentIntentId: state.paymentIntentId, expected: state.amount, received, occurredAt: command.now },
      },
    ]);
  }
  return accepted([{ type: 'PaymentSucceeded', version: 1, data: outcomeData(state, command.now, command.actor) }]);
}

function decideFailed(command: Extract<PaymentCommand, { type: 'RecordPaymentFailed' }>, state: PaymentState): DecideResult {
  if (!takesOutcome(state, command) || state.status === 'failed') return accepted([]);
  return accepted([{ type: 'PaymentFailed', version: 1, data: { ...outcomeData(state, command.now, command.actor), reason: command.reason } }]);
}

function decideRefund(command: Extract<PaymentCommand, { type: 'RefundPayment' }>, state: PaymentState): DecideResult {
  const { amount } = command;
  if (state.purpose.type === 'credit-purchase') return rejected({ type: 'credit-purchase-final' });
  if (state.status !== 'succeeded') return rejected({ type: 'not-paid', status: state.status });
  if (amount.currency !== state.amount.currency) return rejected({ type: 'currency-mismatch', expected: state.amount.currency, actual: amount.currency });
  if (!Number.isSafeInteger(amount.amount) || amount.amount <= 0) return rejected({ type: 'invalid-amount', amount: amount.amount });
  const refundable = refundableOf(state);
  if (amount.amount > refundable.amount) return rejected({ type: 'exceeds-refundable', requested: amount, refundable });
  const credits = command.method === 'credits' ? creditsForMoney(amount) : 0;
  if (credits === null) return rejected({ type: 'inexact-credits', amount });
  return accepted([
    {
      type: 'RefundIssued',
      version: 1,
      data: {
        refundId: command.refundId,
        paymentId: state.paymentId,
        locationId: state.locationId,
        holder: state.payer,
        method: command.method === 'credits' ? 'credits' : 'money',
        amount,
        credits,
        reason: command.reason,
        occurredAt: command.now,
        actor: command.actor,
      },
    },
  ]);
}

function assertNever(value: never): never {
  throw new Error(`unknown payment command or event: ${JSON.stringify(value)}`);
}
