import { creditPurchaseCompleted, evolve, type Purchase, type PurchaseEvent } from '@credits/billing-domain';
import type { PoolClient } from 'pg';
import { addBillLine } from './bill.store';
import { recordEvents } from './billing-events.recorder';
import { insertPurchase, updatePurchaseStatus } from './credit-purchase.store';

/**
 * Stores what the decider decided, in the caller's transaction: the purchase's new state and, when
 * it completed, its bill line (bill purchases) and CreditPurchaseCompleted in the outbox, so the
 * ledger grants the credits exactly once. Returns the new state and the recorded events' ids.
 */
export async function applyPurchaseEvents(
  client: PoolClient,
  before: Purchase | null,
  events: readonly PurchaseEvent[],
  now: Date,
): Promise<{ readonly purchase: Purchase; readonly eventIds: string[] }> {
  const purchase = events.reduce<Purchase | null>(evolve, before);
  if (purchase === null) throw new Error('a purchase command accepted without a purchase');
  if (before === null) await insertPurchase(client, purchase);
  else if (events.length > 0) await updatePurchaseStatus(client, purchase);
  if (!events.some((event) => event.type === 'PurchaseCompleted')) return { purchase, eventIds: [] };
  if (purchase.paymentMethod === 'bill') await addBillLine(client, purchase, now);
  return { purchase, eventIds: await recordEvents(client, [creditPurchaseCompleted(purchase)]) };
}
