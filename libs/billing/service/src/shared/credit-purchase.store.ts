import { creditsToText } from '@credits/contracts';
import { type Purchase } from '@credits/billing-domain';
import type { CreditPurchaseResponse } from '@credits/contracts/http';
import type { Pool, PoolClient } from 'pg';

/** A purchase as billing keeps it: the decider's state, the card payment to show its buyer, its bill. */
export interface StoredPurchase extends Purchase {
  readonly paymentIntentId: string | null;
  readonly clientSecret: string | null;
  readonly billId: string | null;
}

interface PurchaseRow {
  id: string;
  location_id: string;
  buyer_id: string;
  holder_type: 'user' | 'company';
  holder_id: string;
  option_id: string;
  option_name: string;
  credits: string;
  list_price_amount: string;
  discount_percent: number;
  price_amount: string;
  currency: string;
  payment_method: Purchase['paymentMethod'];
  status: Purchase['status'];
  payment_id: string | null;
  payment_intent_id: string | null;
  client_secret: string | null;
  failure_reason: string | null;
  bill_id: string | null;
  created_at: Date;
  completed_at: Date | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function fromRow(row: PurchaseRow): StoredPurchase {
  return {
    purchaseId: row.id,
    locationId: row.location_id,
    buyerId: row.buyer_id,
    wallet: { ownerType: row.holder_type, ownerId: row.holder_id },
    optionId: row.option_id,
    optionName: row.option_name,
    credits: Number(row.credits),
    listPrice: { amount: Number(row.list_price_amount), currency: row.currency },
    discountPercent: row.discount_percent,
    price: { amount: Number(row.price_amount), currency: row.currency },
    paymentMethod: row.payment_method,
    status: row.status,
    paymentId: row.payment_id,
    failureReason: row.failure_reason,
    createdAt: row.created_at.toISOString(),
    completedAt: row.completed_at?.toISOString() ?? null,
    paymentIntentId: row.payment_intent_id,
    clientSecret: row.client_secret,
    billId: row.bill_id,
  };
}

/** A purchase by id (optionally row-locked), or null; `locationId` null: in any location (payment outcomes). */
export async function loadPurchase(db: Pool | PoolClient, locationId: string | null, purchaseId: string, forUpdate = false): Promise<StoredPurchase | null> {
  if (!UUID.test(purchaseId)) return null;
  const result = await db.query<PurchaseRow>(
    `SELECT * FROM billing.credit_purchases WHERE id = $1 AND ($2::uuid IS NULL OR location_id = $2::uuid) ${forUpdate ? 'FOR UPDATE' : ''}`,
    [purchaseId, locationId],
  );
  return result.rows[0] ? fromRow(result.rows[0]) : null;
}

/** Purchases made by a user, or into a holder's wallet, newest first. */
export async function listPurchases(
  db: Pool | PoolClient,
  locationId: string,
  filter: { readonly buyerId?: string; readonly holder?: { readonly ownerType: 'user' | 'company'; readonly ownerId: string } },
): Promise<StoredPurchase[]> {
  const result = await db.query<PurchaseRow>(
    `SELECT * FROM billing.credit_purchases WHERE location_id = $1
       AND ($2::text IS NULL OR buyer_id = $2) AND ($3::text IS NULL OR (holder_type = $3 AND holder_id = $4))
     ORDER BY created_at DESC, id LIMIT 500`,
    [locationId, filter.buyerId ?? null, filter.holder?.ownerType ?? null, filter.holder?.ownerId ?? null],
  );
  return result.rows.map(fromRow);
}

export async function insertPurchase(client: PoolClient, purchase: Purchase): Promise<void> {
  await client.query(
    `INSERT INTO billing.credit_purchases (id, location_id, buyer_id, holder_type, holder_id, option_id, option_name, credits,
       list_price_amount, discount_percent, price_amount, currency, payment_method, status, payment_id, failure_reason, created_at, completed_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)`,
    [
      purchase.purchaseId,
      purchase.locationId,
      purchase.buyerId,
      purchase.wallet.ownerType,
      purchase.wallet.ownerId,
      purchase.optionId,
      purchase.optionName,
      purchase.credits,
      purchase.listPrice.amount,
      purchase.discountPercent,
      purchase.price.amount,
      purchase.price.currency,
      purchase.paymentMethod,
      purchase.status,
      purchase.paymentId,
      purchase.failureReason,
      purchase.createdAt,
      purchase.completedAt,
    ],
  );
}

/** What payment outcomes change. */
export async function updatePurchaseStatus(client: PoolClient, purchase: Purchase): Promise<void> {
  await client.query(`UPDATE billing.credit_purchases SET status = $2, payment_id = $3, failure_reason = $4, completed_at = $5 WHERE id = $1`, [
    purchase.purchaseId,
    purchase.status,
    purchase.paymentId,
    purchase.failureReason,
    purchase.completedAt,
  ]);
}

/**
 * The purchase as its API shows it. The card payment's client secret goes to the buyer only, and
 * only while the payment is awaited: it lets whoever holds it confirm the payment.
 */
export function purchaseResponse(purchase: StoredPurchase, viewerId: string): CreditPurchaseResponse {
  const showPayment = purchase.status === 'awaiting_payment' && viewerId === purchase.buyerId && purchase.paymentIntentId !== null && purchase.clientSecret !== null;
  return {
    id: purchase.purchaseId,
    locationId: purchase.locationId,
    status: purchase.status,
    optionId: purchase.optionId,
    optionName: purchase.optionName,
    credits: creditsToText(purchase.credits),
    listPrice: purchase.listPrice,
    price: purchase.price,
    paymentMethod: purchase.paymentMethod,
    wallet: purchase.wallet,
    buyerId: purchase.buyerId,
    ...(showPayment ? { payment: { paymentIntentId: purchase.paymentIntentId!, clientSecret: purchase.clientSecret! } } : {}),
    billId: purchase.billId,
    failureReason: purchase.failureReason,
    createdAt: purchase.createdAt,
    completedAt: purchase.completedAt,
  };
}
