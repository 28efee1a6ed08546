import { IDEMPOTENCY_KEY_PATTERN } from '@credits/contracts/http';
import { LOCK_KEY_SQL } from '@credits/event-store';
import { Problems } from '@credits/platform';
import { createHash } from 'node:crypto';
import type { PoolClient } from 'pg';

/** One Idempotency-Key of one caller in one location. */
export interface BookingRequestKey {
  readonly locationId: string;
  readonly callerId: string;
  readonly idempotencyKey: string;
}

export function requireIdempotencyKey(value: string | undefined): string {
  if (value === undefined) throw Problems.validation([{ field: 'Idempotency-Key', reason: 'header is required: a key unique to this booking' }]);
  if (!IDEMPOTENCY_KEY_PATTERN.test(value)) throw Problems.validation([{ field: 'Idempotency-Key', reason: 'must be 1-200 letters, digits or . _ : -' }]);
  return value;
}

/** What the request means, whatever order its fields came in. */
export function requestHash(meaning: readonly unknown[]): string {
  return createHash('sha256').update(JSON.stringify(meaning)).digest('hex');
}

/**
 * Takes the key's lock for the transaction (a retry racing the first attempt waits for it) and
 * returns the booking the key made before: null for a new key; 422 when it was used for another request.
 */
export async function claimRequest(client: PoolClient, key: BookingRequestKey, hash: string): Promise<string | null> {
  await client.query(LOCK_KEY_SQL, [`booking-request:${key.locationId}:${key.callerId}:${key.idempotencyKey}`]);
  const stored = await client.query<{ request_hash: string; booking_id: string }>(
    `SELECT request_hash, booking_id FROM booking.booking_requests WHERE location_id = $1 AND caller_id = $2 AND idempotency_key = $3`,
    [key.locationId, key.callerId, key.idempotencyKey],
  );
  const row = stored.rows[0];
  if (!row) return null;
  if (row.request_hash !== hash) throw Problems.unprocessable('idempotency-key-reused', 'Idempotency-Key reused', 'this Idempotency-Key was used for another booking request');
  return row.booking_id;
}

export async function saveRequest(client: PoolClient, key: BookingRequestKey, hash: string, bookingId: string): Promise<void> {
  await client.query(`INSERT INTO booking.booking_requests (location_id, caller_id, idempotency_key, request_hash, booking_id) VALUES ($1, $2, $3, $4, $5)`, [
    key.locationId,
    key.callerId,
    key.idempotencyKey,
    hash,
    bookingId,
  ]);
}
