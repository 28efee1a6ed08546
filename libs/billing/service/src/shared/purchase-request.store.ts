import { IDEMPOTENCY_KEY_PATTERN, type CreateCreditPurchaseRequest, type CreditPurchaseResponse } from '@credits/contracts/http';
import { LOCK_KEY_SQL } from '@credits/event-store';
import { Problems } from '@credits/platform/core';
import { createHash } from 'node:crypto';
import type { PoolClient } from 'pg';

/** One Idempotency-Key of one caller in one location. */
export interface PurchaseRequestKey {
  readonly locationId: string;
  readonly callerId: string;
  readonly idempotencyKey: string;
}

export interface StoredRequest {
  readonly purchaseId: string;
  /** null until the purchase has its answer (a card purchase waits for its payment to be created) */
  readonly response: CreditPurchaseResponse | null;
  /** what the ledger must have applied before the answer is given */
  readonly eventIds: readonly string[];
}

/** Serializes the work on one key (a retry racing the first attempt waits for it). */
async function lockKey(client: PoolClient, key: PurchaseRequestKey): Promise<void> {
  await client.query(LOCK_KEY_SQL, [`purchase-request:${key.locationId}:${key.callerId}:${key.idempotencyKey}`]);
}

export function requireIdempotencyKey(value: string | undefined): string {
  if (value === undefined) throw Problems.validation([{ field: 'Idempotency-Key', reason: 'header is required: a key unique to this purchase' }]);
  if (!IDEMPOTENCY_KEY_PATTERN.test(value)) throw Problems.validation([{ field: 'Idempotency-Key', reason: 'must be 1-200 letters, digits or . _ : -' }]);
  return value;
}

/** What the request means, whatever order its fields came in. */
function requestHash(request: CreateCreditPurchaseRequest): string {
  const meaning = [request.optionId, request.wallet.ownerType, request.wallet.ownerId, request.paymentMethod];
  return createHash('sha256').update(JSON.stringify(meaning)).digest('hex');
}

/**
 * Takes the key's lock for the transaction and reads what the key answered before: null for a new
 * key; 422 when it was used for another request.
 */
export async function claimRequest(client: PoolClient, key: PurchaseRequestKey, request: CreateCreditPurchaseRequest): Promise<StoredRequest | null> {
  await lockKey(client, key);
  const stored = await client.query<{ request_hash: string; purchase_id: string; response: CreditPurchaseResponse | null; event_ids: string[] }>(
    `SELECT request_hash, purchase_id, response, event_ids FROM billing.purchase_requests WHERE location_id = $1 AND caller_id = $2 AND idempotency_key = $3`,
    [key.locationId, key.callerId, key.idempotencyKey],
  );
  const row = stored.rows[0];
  if (!row) return null;
  if (row.request_hash !== requestHash(request)) {
    throw Problems.unprocessable('idempotency-key-reused', 'Idempotency-Key reused', 'this Idempotency-Key was used for another purchase request');
  }
  return { purchaseId: row.purchase_id, response: row.response, eventIds: row.event_ids };
}

export async function saveRequest(client: PoolClient, key: PurchaseRequestKey, request: CreateCreditPurchaseRequest, stored: StoredRequest): Promise<void> {
  await client.query(
    `INSERT INTO billing.purchase_requests (location_id, caller_id, idempotency_key, request_hash, purchase_id, response, event_ids) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (location_id, caller_id, idempotency_key) DO UPDATE SET response = EXCLUDED.response, event_ids = EXCLUDED.event_ids`,
    [key.locationId, key.callerId, key.idempotencyKey, requestHash(request), stored.purchaseId, stored.response === null ? null : JSON.stringify(stored.response), stored.eventIds],
  );
}

/** Forgets a key whose card payment could not be created, with its purchase, so a retry starts afresh. */
export async function forgetRequest(client: PoolClient, key: PurchaseRequestKey, purchaseId: string): Promise<void> {
  await lockKey(client, key);
  const forgotten = await client.query(
    `DELETE FROM billing.purchase_requests WHERE location_id = $1 AND caller_id = $2 AND idempotency_key = $3 AND response IS NULL`,
    [key.locationId, key.callerId, key.idempotencyKey],
  );
  if (forgotten.rowCount === 1) {
    await client.query(`DELETE FROM billing.credit_purchases WHERE id = $1 AND status = 'awaiting_payment' AND payment_intent_id IS NULL`, [purchaseId]);
  }
}
