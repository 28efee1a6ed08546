import { creditsToText, type CreditPurchaseCompleted, type Money } from '@credits/contracts';
import { buyerRejection, holderPlan } from './buyer-access.policy';
import type { CancelPurchase, PurchaseCommand, RecordPaymentFailed, RecordPaymentSucceeded, StartPurchase } from './credit-purchase.commands';
import type { PurchaseEvent } from './credit-purchase.events';
import type { PurchaseRejection } from './credit-purchase.rejections';
import type { Purchase, PurchaseState } from './credit-purchase.state';
import { discountedPrice, unitPriceOf } from './price.rules';

export type DecideResult = { readonly ok: true; readonly events: readonly PurchaseEvent[] } | { readonly ok: false; readonly rejection: PurchaseRejection };

const accepted = (...events: PurchaseEvent[]): DecideResult => ({ ok: true, events });
const rejected = (rejection: PurchaseRejection): DecideResult => ({ ok: false, rejection });
const formatMoney = (money: Money) => `${money.amount} ${money.currency} minor units`;

/**
 * Decides what a command does to a credit purchase: the events, or why nothing changes. Pure: time,
 * ids and the membership facts come with the command. Checks run in a fixed order (who, settings,
 * option, price, payment method).
 */
export function decide(command: PurchaseCommand, state: PurchaseState): DecideResult {
  switch (command.type) {
    case 'StartPurchase':
      return decideStart(command, state);
    case 'RecordPaymentSucceeded':
      return decidePaymentSucceeded(command, state);
    case 'RecordPaymentFailed':
      return decidePaymentFailed(command, state);
    case 'CancelPurchase':
      return decideCancel(command, state);
    default:
      return assertNever(command);
  }
}

function assertNever(command: never): never {
  throw new Error(`unknown purchase command: ${JSON.stringify((command as { type?: unknown }).type)}`);
}

function decideStart(command: StartPurchase, state: PurchaseState): DecideResult {
  if (state !== null) return rejected({ type: 'purchase-exists', detail: `purchase ${command.purchaseId} exists already` });
  const { facts, option, wallet, paymentMethod } = command;
  const denied = buyerRejection(facts, command.buyerId, command.locationId, wallet);
  if (denied) return rejected(denied);
  if (wallet.ownerType === 'company' && facts.company?.archived) {
    return rejected({ type: 'company-archived', detail: `company ${wallet.ownerId} is archived: its wallet takes no new credits` });
  }
  if (!facts.creditsEnabled) return rejected({ type: 'credits-disabled', detail: `credits are turned off for location ${command.locationId}` });
  if (option === null) return rejected({ type: 'option-not-found', detail: 'credit option does not exist' });
  if (option.status === 'archived') return rejected({ type: 'option-archived', detail: `credit option ${option.optionId} is archived` });
  if (option.listPrice.currency !== facts.currency) {
    return rejected({ type: 'currency-mismatch', detail: `credit option ${option.optionId} is priced in ${option.listPrice.currency}, the location in ${facts.currency}` });
  }
  const discountPercent = holderPlan(facts, wallet)?.creditOptionDiscountPercent ?? 0;
  const price = discountedPrice(option.listPrice, discountPercent);
  const unpriced = paymentMethodRejection(command, price);
  if (unpriced) return rejected(unpriced);
  const started: PurchaseEvent = {
    type: 'PurchaseStarted',
    data: {
      purchaseId: command.purchaseId,
      locationId: command.locationId,
      buyerId: command.buyerId,
      wallet: { ownerType: wallet.ownerType, ownerId: wallet.ownerId },
      optionId: option.optionId,
      optionName: option.name,
      credits: option.credits,
      listPrice: option.listPrice,
      discountPercent,
      price,
      paymentMethod,
      occurredAt: command.now,
    },
  };
  // Bill and free need no one else's word: the credits are bought now (R12).
  if (paymentMethod === 'card') return accepted(started);
  return accepted(started, { type: 'PurchaseCompleted', data: { purchaseId: command.purchaseId, paymentId: null, occurredAt: command.now } });
}

function paymentMethodRejection(command: StartPurchase, price: Money): PurchaseRejection | null {
  switch (command.paymentMethod) {
    case 'free':
      return price.amount === 0 ? null : { type: 'not-free', price, detail: `this option costs you ${formatMoney(price)}: pay by card or bill` };
    case 'card':
    case 'bill':
      if (price.amount === 0) return { type: 'nothing-to-pay', detail: 'this option costs you nothing: buy it with paymentMethod "free"' };
      if (command.paymentMethod === 'bill' && !holderPlan(command.facts, command.wallet)?.billPaymentEnabled) {
        const whose = command.wallet.ownerType === 'user' ? 'your plan' : `the plan of company ${command.wallet.ownerId}`;
        return { type: 'bill-payment-not-enabled', detail: `${whose} does not allow paying by bill` };
      }
      return null;
    default:
      return assertNever(command.paymentMethod);
  }
}

function cardPurchase(command: RecordPaymentSucceeded | RecordPaymentFailed, state: PurchaseState): PurchaseRejection | Purchase {
  if (state === null) return { type: 'purchase-not-found', detail: `purchase ${command.purchaseId} does not exist` };
  if (state.paymentMethod !== 'card') return { type: 'not-a-card-purchase', detail: `purchase ${command.purchaseId} is paid by ${state.paymentMethod}, not by card` };
  return state;
}

/**
 * Paid means delivered: the credits are bought even if, since the payment started, the buyer left
 * the location, the company was archived or credits were switched off. Nothing is ever paid for and
 * not delivered (a purchase is final, R13), and the money cannot be returned automatically either.
 * A payment after a failed attempt (the buyer retried with another card) completes it too; the same
 * success again changes nothing.
 */
function decidePaymentSucceeded(command: RecordPaymentSucceeded, state: PurchaseState): DecideResult {
  const purchase = cardPurchase(command, state);
  if ('type' in purchase) return rejected(purchase);
  if (command.amount.amount !== purchase.price.amount || command.amount.currency !== purchase.price.currency) {
    return rejected({
      type: 'payment-mismatch',
      expected: purchase.price,
      paid: command.amount,
      detail: `purchase ${purchase.purchaseId} costs ${formatMoney(purchase.price)}, the payment was ${formatMoney(command.amount)}`,
    });
  }
  if (purchase.status === 'completed') return accepted();
  return accepted({ type: 'PurchaseCompleted', data: { purchaseId: purchase.purchaseId, paymentId: command.paymentId, occurredAt: command.now } });
}

/** A failure after the purchase completed (events out of order) or failed already changes nothing. */
function decidePaymentFailed(command: RecordPaymentFailed, state: PurchaseState): DecideResult {
  const purchase = cardPurchase(command, state);
  if ('type' in purchase) return rejected(purchase);
  if (purchase.status !== 'awaiting_payment') return accepted();
  return accepted({ type: 'PurchaseFailed', data: { purchaseId: purchase.purchaseId, paymentId: command.paymentId, reason: command.reason, occurredAt: command.now } });
}

/** Credit purchases are final (R13): never cancelled, never refunded automatically. */
function decideCancel(command: CancelPurchase, state: PurchaseState): DecideResult {
  if (state === null) return rejected({ type: 'purchase-not-found', detail: `purchase ${command.purchaseId} does not exist` });
  return rejected({ type: 'purchase-final', detail: `credit purchases are final: purchase ${state.purchaseId} cannot be cancelled or refunded` });
}

/** The published event of a completed purchase: the ledger grants its credits as permanent credits once. */
export function creditPurchaseCompleted(purchase: Purchase): CreditPurchaseCompleted {
  if (purchase.status !== 'completed' || purchase.completedAt === null) throw new Error(`purchase ${purchase.purchaseId} is not completed`);
  return {
    type: 'CreditPurchaseCompleted',
    version: 1,
    data: {
      purchaseId: purchase.purchaseId,
      locationId: purchase.locationId,
      holder: { type: purchase.wallet.ownerType, id: purchase.wallet.ownerId },
      credits: purchase.credits,
      unitPrice: unitPriceOf(purchase.price, purchase.credits),
      price: purchase.price,
      paymentMethod: purchase.paymentMethod,
      buyerId: purchase.buyerId,
      occurredAt: purchase.completedAt,
      actor: { type: 'user', id: purchase.buyerId },
    },
  };
}

/** How a purchase reads on a bill and a card statement. */
export function purchaseDescription(purchase: Purchase): string {
  return `${purchase.optionName} (${creditsToText(purchase.credits)} credits)`;
}
