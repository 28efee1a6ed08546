import type { Money } from '@credits/contracts';
import type {
  BookingCommand,
  CancelBooking,
  FulfillOrder,
  PlaceBooking,
  RecordCaptured,
  RecordCreditsHeld,
  RecordHoldLost,
  RecordHoldRefused,
  RecordPaymentFailed,
  RecordPaymentStarted,
  RecordPaymentSucceeded,
  RecordRefunded,
  RecordRefundRefused,
} from './booking.commands';
import type { BookingDomainEvent, BookingTerms, RefundPart } from './booking.events';
import type { BookingRejection } from './booking.rejections';
import type { Booking, BookingState } from './booking.state';
import { resolveTarget } from './booking-target.rules';
import { mayUseCompanyCredits, quoteWithin, type Price } from './pricing.policy';
import { refundOf, refundPercentAt } from './refund.policy';

export type DecideResult = { readonly ok: true; readonly events: readonly BookingDomainEvent[] } | { readonly ok: false; readonly rejection: BookingRejection };

const accepted = (...events: BookingDomainEvent[]): DecideResult => ({ ok: true, events });
const rejected = (rejection: BookingRejection): DecideResult => ({ ok: false, rejection });

/**
 * Decides what a command does to a booking: the events, or why nothing changes. Pure: time, ids,
 * the resource and membership's facts come with the command. Every saga step is safe to repeat: a
 * step already taken answers no events, so a retry or a recovery after a crash changes nothing twice.
 */
export function decide(command: BookingCommand, state: BookingState): DecideResult {
  switch (command.type) {
    case 'PlaceBooking':
      return decidePlace(command, state);
    case 'RecordCreditsHeld':
      return decideHeld(command, state);
    case 'RecordHoldRefused':
      return decideHoldRefused(command, state);
    case 'RecordCaptured':
      return decideCaptured(command, state);
    case 'RecordHoldLost':
      return decideHoldLost(command, state);
    case 'CancelBooking':
      return decideCancel(command, state);
    case 'FulfillOrder':
      return decideFulfill(command, state);
    case 'RecordRefunded':
    case 'RecordRefundRefused':
      return decideRefunded(command, state);
    case 'RecordPaymentStarted':
      return decidePaymentStarted(command, state);
    case 'RecordPaymentSucceeded':
      return decidePaymentSucceeded(command, state);
    case 'RecordPaymentFailed':
      return decidePaymentFailed(command, state);
    case 'RecordHoldReleased':
      return step(command, state, (b) => b.status === 'failed' && b.holdId !== null && !b.holdReleased, { type: 'HoldReleased', data: { occurredAt: command.now } });
    case 'RecordLatePaymentRefunded':
      return step(command, state, latePaymentRefundDue, { type: 'LatePaymentRefunded', data: { occurredAt: command.now } });
    case 'RecordLatePaymentRefundRefused':
      return step(command, state, latePaymentRefundDue, { type: 'LatePaymentRefundRefused', data: { reason: command.reason, occurredAt: command.now } });
    default:
      return assertNever(command);
  }
}

function assertNever(command: never): never {
  throw new Error(`unknown booking command: ${JSON.stringify((command as { type?: unknown }).type)}`);
}

/** Checks in a fixed order: who, resource, payment method, target, price. */
function decidePlace(command: PlaceBooking, state: BookingState): DecideResult {
  if (state !== null) return rejected({ type: 'booking-exists', detail: `booking ${command.bookingId} exists already` });
  const { facts, resource, payment } = command;
  const member = facts.member !== null;
  const hidden: BookingRejection = { type: 'location-not-found', detail: `location ${command.locationId} does not exist` };
  if (!facts.locationExists) return rejected(hidden);
  // People outside the location may buy event tickets (by card); everything else is members only (R1, R16).
  if (!member && resource?.type !== 'event') return rejected(hidden);
  if (resource === null) return rejected({ type: 'resource-not-found', detail: 'resource does not exist' });
  if (resource.status === 'archived') return rejected({ type: 'resource-archived', detail: `resource ${resource.resourceId} is archived` });
  if (command.kind === 'check-in' && resource.type !== 'desk') return rejected({ type: 'not-a-desk', detail: `resource ${resource.resourceId} is a ${resource.type}: check-ins are for desks` });
  const byCredits = payment.method === 'personal-credits' || payment.method === 'company-credits' || payment.method === 'split';
  if (byCredits && !member) return rejected({ type: 'credits-for-members-only', detail: 'only members of the location can pay with credits: pay by card' });
  if (byCredits && !facts.creditsEnabled) return rejected({ type: 'credits-disabled', detail: `credits are turned off for location ${command.locationId}` });
  const companyId = payment.method === 'company-credits' ? payment.companyId : undefined;
  if (payment.method === 'company-credits') {
    if (companyId === undefined) return rejected({ type: 'invalid-target', field: 'payment.companyId', detail: 'company-credits needs the companyId whose credits pay' });
    if (!mayUseCompanyCredits(facts, companyId)) return rejected({ type: 'not-in-company', detail: `you are not a member of company ${companyId}, so you cannot use its credits` });
  }
  const target = resolveTarget(resource, command.target, facts.timezone, command.now);
  if (!target.ok) return rejected({ type: 'invalid-target', field: target.field, detail: `${target.field}: ${target.reason}` });
  const offer = quoteWithin(resource, target.slot, facts, companyId);
  if ('reason' in offer) return rejected({ type: 'invalid-target', field: offer.field, detail: `${offer.field}: ${offer.reason}` });
  if (!offer.paymentMethods.includes(payment.method)) {
    return rejected({ type: 'method-not-offered', detail: `${resource.name} cannot be paid with ${payment.method} here: ${offer.paymentMethods.join(', ') || 'nothing'} can` });
  }
  const charge = chargeOf(command, offer.price, facts.currency);
  const { slot } = target;
  const terms: BookingTerms = {
    bookingId: command.bookingId,
    locationId: command.locationId,
    resourceId: resource.resourceId,
    resourceType: resource.type,
    resourceName: resource.name,
    kind: command.kind,
    userId: command.userId,
    start: slot.start,
    end: slot.end,
    date: slot.date,
    quantity: slot.quantity,
    policyStart: slot.policyStart,
    refundPolicy: resource.refundPolicy,
    method: payment.method,
    wallet: charge.credits > 0 ? (companyId !== undefined ? { type: 'company', id: companyId } : { type: 'user', id: command.userId }) : null,
    credits: charge.credits,
    money: charge.money,
    ...(payment.method === 'split' && payment.maxCredits === undefined && { splitPrice: { credits: offer.price.credits!, money: offer.price.money! } }),
  };
  const placed: BookingDomainEvent = { type: 'BookingPlaced', data: { ...terms, occurredAt: command.now } };
  // Nothing to take (a 100% discount): confirmed at once.
  if (charge.credits === 0 && charge.money.amount === 0) return accepted(placed, { type: 'BookingConfirmed', data: { occurredAt: command.now } });
  return accepted(placed);
}

/**
 * What is charged: credits methods the whole credit price; card the money price; split credits up to
 * `maxCredits`, and the share of the money price the credits do not cover, rounded half up.
 */
function chargeOf(command: PlaceBooking, price: Price, currency: string): { credits: number; money: Money } {
  const none: Money = { amount: 0, currency: price.money?.currency ?? currency };
  switch (command.payment.method) {
    case 'personal-credits':
    case 'company-credits':
      return { credits: price.credits!, money: none };
    case 'card':
      return { credits: 0, money: price.money! };
    case 'split': {
      const credits = Math.min(price.credits!, command.payment.maxCredits ?? price.credits!);
      return { credits, money: cardShare({ credits: price.credits!, money: price.money! }, credits) };
    }
    default:
      return assertNever(command.payment.method);
  }
}

/** Split: the share of the money price that `credits` leave uncovered, rounded half up. */
function cardShare(price: { credits: number; money: Money }, credits: number): Money {
  const uncovered = price.credits - credits;
  const amount = price.credits === 0 ? 0 : Math.floor((price.money.amount * uncovered * 2 + price.credits) / (2 * price.credits));
  return { amount, currency: price.money.currency };
}

function existing(command: { bookingId: string }, state: BookingState): Booking | BookingRejection {
  return state ?? { type: 'booking-not-found', detail: `booking ${command.bookingId} does not exist` };
}

function decideHeld(command: RecordCreditsHeld, state: BookingState): DecideResult {
  const booking = existing(command, state);
  if ('type' in booking) return rejected(booking);
  if (booking.status !== 'pending') return accepted();
  return accepted({ type: 'CreditsHeld', data: { holdId: command.holdId, occurredAt: command.now } });
}

function decideHoldRefused(command: RecordHoldRefused, state: BookingState): DecideResult {
  const booking = existing(command, state);
  if ('type' in booking) return rejected(booking);
  if (booking.status !== 'pending') return accepted();
  // Split without maxCredits: credits up to the balance, the rest by card (a shortfall says how much is missing).
  const { splitPrice } = booking;
  if (splitPrice && command.shortfall !== null && command.shortfall > 0 && command.shortfall <= booking.credits) {
    const credits = booking.credits - command.shortfall;
    return accepted({ type: 'SplitRepriced', data: { credits, money: cardShare(splitPrice, credits), occurredAt: command.now } });
  }
  return accepted({ type: 'BookingFailed', data: { reason: command.reason, shortfall: command.shortfall, occurredAt: command.now } });
}

function decideCaptured(command: RecordCaptured, state: BookingState): DecideResult {
  const booking = existing(command, state);
  if ('type' in booking) return rejected(booking);
  // split: the card part is paid, so the held credits are captured now.
  if (booking.status === 'held' || (booking.status === 'awaiting_payment' && booking.paid === true)) return accepted({ type: 'BookingConfirmed', data: { occurredAt: command.now } });
  if (booking.status === 'pending' || booking.status === 'failed' || booking.status === 'awaiting_payment') {
    return rejected({ type: 'wrong-step', detail: `booking ${booking.bookingId} is ${booking.status}: there is no hold to capture` });
  }
  return accepted();
}

function decideHoldLost(command: RecordHoldLost, state: BookingState): DecideResult {
  const booking = existing(command, state);
  if ('type' in booking) return rejected(booking);
  const failed: BookingDomainEvent = { type: 'BookingFailed', data: { reason: command.reason, shortfall: null, occurredAt: command.now } };
  // split paid by card but the credits lost: nothing is delivered and the card part goes back.
  if (booking.status === 'awaiting_payment' && booking.paid === true && booking.payment) {
    return accepted(failed, { type: 'LatePaymentReceived', data: { paymentId: booking.payment.paymentId, amount: booking.money, occurredAt: command.now } });
  }
  if (booking.status !== 'held') return accepted();
  return accepted(failed);
}

/** R9: the refund is what the policy gives at the cancellation instant; a second cancel changes nothing. */
function decideCancel(command: CancelBooking, state: BookingState): DecideResult {
  const booking = existing(command, state);
  if ('type' in booking) return rejected(booking);
  switch (booking.status) {
    case 'cancelling':
    case 'cancelled':
      return accepted();
    case 'failed':
      return rejected({ type: 'not-cancellable', detail: `booking ${booking.bookingId} failed: there is nothing to cancel` });
    case 'pending':
    case 'held':
    case 'awaiting_payment':
      return rejected({ type: 'booking-in-progress', detail: `booking ${booking.bookingId} is not confirmed yet (${booking.status}): cancel it once it is` });
    case 'confirmed': {
      // Products are refundable until handed over; after that their stock must stay sold.
      if (booking.fulfilled) return rejected({ type: 'order-fulfilled', detail: `order ${booking.bookingId} was fulfilled at ${booking.fulfilled.at}: it can no longer be cancelled` });
      const refundPercent = refundPercentAt(booking.refundPolicy, booking.policyStart, command.now);
      const refundCredits = refundOf(booking.credits, refundPercent);
      const refundMoney = { amount: refundOf(booking.money.amount, refundPercent), currency: booking.money.currency };
      const started: BookingDomainEvent = { type: 'CancellationStarted', data: { refundPercent, refundCredits, refundMoney, cancelledBy: command.actorId, occurredAt: command.now } };
      if (refundCredits === 0 && refundMoney.amount === 0) return accepted(started, { type: 'BookingCancelled', data: { occurredAt: command.now } });
      return accepted(started);
    }
    default:
      return assertNever(booking.status);
  }
}

/** Only a confirmed, uncancelled order of products is handed over; a second fulfill changes nothing. */
function decideFulfill(command: FulfillOrder, state: BookingState): DecideResult {
  const booking = existing(command, state);
  if ('type' in booking) return rejected(booking);
  if (booking.resourceType !== 'product') return rejected({ type: 'not-an-order', detail: `booking ${booking.bookingId} is a ${booking.resourceType} booking: only orders of products are fulfilled` });
  if (booking.fulfilled) return accepted();
  switch (booking.status) {
    case 'confirmed':
      return accepted({ type: 'OrderFulfilled', data: { fulfilledBy: command.actorId, occurredAt: command.now } });
    case 'pending':
    case 'held':
    case 'awaiting_payment':
      return rejected({ type: 'booking-in-progress', detail: `order ${booking.bookingId} is not paid yet (${booking.status}): fulfill it once it is confirmed` });
    case 'failed':
    case 'cancelling':
    case 'cancelled':
      return rejected({ type: 'not-fulfillable', detail: `order ${booking.bookingId} is ${booking.status}: there is nothing to hand over` });
    default:
      return assertNever(booking.status);
  }
}

/**
 * A cancellation is done once every part due (credits, money) is settled: refunded, or refused for
 * good (recorded so it is not retried forever; it was not given back, so nothing is paid twice).
 */
function decideRefunded(command: RecordRefunded | RecordRefundRefused, state: BookingState): DecideResult {
  const booking = existing(command, state);
  if ('type' in booking) return rejected(booking);
  if (booking.status === 'cancelled' || refundPartsSettled(booking).includes(command.part)) return accepted();
  if (booking.status !== 'cancelling') return rejected({ type: 'wrong-step', detail: `booking ${booking.bookingId} is ${booking.status}: nothing to refund` });
  const settled = [...refundPartsSettled(booking), command.part];
  const outcome: BookingDomainEvent =
    command.type === 'RecordRefunded'
      ? { type: 'PartRefunded', data: { part: command.part, occurredAt: command.now } }
      : { type: 'RefundRefused', data: { part: command.part, reason: command.reason, occurredAt: command.now } };
  return refundPartsDue(booking).every((part) => settled.includes(part)) ? accepted(outcome, { type: 'BookingCancelled', data: { occurredAt: command.now } }) : accepted(outcome);
}

/** The parts of a cancellation's refund that need no further step: refunded or refused for good. */
export function refundPartsSettled(booking: Booking): RefundPart[] {
  return [...(booking.refunded ?? []), ...(booking.refundsRefused ?? []).map((refused) => refused.part)];
}

/** The parts of a cancellation's refund that are due: credits through the ledger, money by card. */
export function refundPartsDue(booking: Booking): RefundPart[] {
  const parts: RefundPart[] = [];
  if ((booking.refundCredits ?? 0) > 0) parts.push('credits');
  if ((booking.refundMoney?.amount ?? 0) > 0) parts.push('money');
  return parts;
}

/** A step recorded once: its event when `due`, nothing when it was taken already. */
/** A late payment waits for its card refund until it is refunded or refused for good (settled once: never refunded twice). */
export function latePaymentRefundDue(booking: Booking): boolean {
  return booking.latePayment?.refunded === false && booking.latePayment.refundRefused === undefined;
}

function step(command: { bookingId: string }, state: BookingState, due: (booking: Booking) => boolean, event: BookingDomainEvent): DecideResult {
  const booking = existing(command, state);
  if ('type' in booking) return rejected(booking);
  return due(booking) ? accepted(event) : accepted();
}

/** Card: straight from pending; split: after the credits are held. */
function decidePaymentStarted(command: RecordPaymentStarted, state: BookingState): DecideResult {
  const booking = existing(command, state);
  if ('type' in booking) return rejected(booking);
  if (booking.payment) return accepted();
  if (booking.money.amount === 0 || (booking.status !== 'pending' && booking.status !== 'held')) {
    return rejected({ type: 'wrong-step', detail: `booking ${booking.bookingId} is ${booking.status}: no card payment to start` });
  }
  return accepted({ type: 'PaymentStarted', data: { ...command.payment, occurredAt: command.now } });
}

/**
 * The card payment succeeded. Card: confirmed; split: the held credits are captured next. A payment
 * that arrives after the booking failed (payment timeout) is refunded by card, never delivered: the
 * slot may be someone else's by now.
 */
function decidePaymentSucceeded(command: RecordPaymentSucceeded, state: BookingState): DecideResult {
  const booking = existing(command, state);
  if ('type' in booking) return rejected(booking);
  const matches = booking.payment?.paymentId === command.paymentId && booking.money.amount === command.amount.amount && booking.money.currency === command.amount.currency;
  if (!matches) return rejected({ type: 'wrong-step', detail: `payment ${command.paymentId} does not match booking ${booking.bookingId}` });
  if (booking.status === 'failed') {
    return booking.latePayment ? accepted() : accepted({ type: 'LatePaymentReceived', data: { paymentId: command.paymentId, amount: command.amount, occurredAt: command.now } });
  }
  if (booking.status !== 'awaiting_payment' || booking.paid === true) return accepted();
  const received: BookingDomainEvent = { type: 'PaymentReceived', data: { paymentId: command.paymentId, occurredAt: command.now } };
  return booking.credits === 0 ? accepted(received, { type: 'BookingConfirmed', data: { occurredAt: command.now } }) : accepted(received);
}

/**
 * The payment failed or timed out before it succeeded (a card payment payments could not even start
 * times out too): the booking fails, the slot is free, the hold is released next.
 */
function decidePaymentFailed(command: RecordPaymentFailed, state: BookingState): DecideResult {
  const booking = existing(command, state);
  if ('type' in booking) return rejected(booking);
  const unpaid = booking.status === 'awaiting_payment' || ((booking.status === 'pending' || booking.status === 'held') && booking.money.amount > 0);
  if (!unpaid || booking.paid === true) return accepted();
  return accepted({ type: 'BookingFailed', data: { reason: command.reason, shortfall: null, occurredAt: command.now } });
}
