import type { PaymentPurposeType } from '@credits/contracts';
import type { PaymentCreatedResponse, PaymentView } from '@credits/contracts/http';
import { refundableOf, type PaymentState, type PaymentStatus } from '@credits/payments-domain';
import type { Pool, PoolClient } from 'pg';

/** A payment as stored: its domain state and what only the service keeps. */
export interface PaymentRecord {
  readonly state: PaymentState;
  /** null until Stripe has answered the PaymentIntent */
  readonly clientSecret: string | null;
  readonly createdAt: Date;
}

interface PaymentRow {
  id: string;
  location_id: string;
  payer_type: 'user' | 'company';
  payer_id: string;
  purpose_type: PaymentPurposeType;
  purpose_id: string;
  amount: string;
  currency: string;
  status: PaymentStatus;
  refunded: string;
  payment_intent_id: string | null;
  client_secret: string | null;
  created_at: Date;
}

const PAYMENT_COLUMNS = `id, location_id, payer_type, payer_id, purpose_type, purpose_id, amount, currency, status, refunded,
  payment_intent_id, client_secret, created_at`;

// Amounts are bigint columns (text in pg); they never exceed Stripe's 8 digits, so a number is exact.
function recordOf(row: PaymentRow): PaymentRecord {
  return {
    state: {
      paymentId: row.id,
      locationId: row.location_id,
      payer: { type: row.payer_type, id: row.payer_id },
      purpose: { type: row.purpose_type, id: row.purpose_id },
      amount: { amount: Number(row.amount), currency: row.currency },
      paymentIntentId: row.payment_intent_id ?? '',
      status: row.status,
      refunded: Number(row.refunded),
    },
    clientSecret: row.client_secret,
    createdAt: row.created_at,
  };
}

/** The payment row, locked for the rest of the transaction: one refund or webhook at a time per payment. */
export async function lockPayment(client: PoolClient, paymentId: string): Promise<PaymentRecord | null> {
  const result = await client.query<PaymentRow>(`SELECT ${PAYMENT_COLUMNS} FROM payments.payments WHERE id = $1 FOR UPDATE`, [paymentId]);
  return result.rows[0] ? recordOf(result.rows[0]) : null;
}

export async function lockPaymentByIntent(client: PoolClient, paymentIntentId: string): Promise<PaymentRecord | null> {
  const result = await client.query<PaymentRow>(`SELECT ${PAYMENT_COLUMNS} FROM payments.payments WHERE payment_intent_id = $1 FOR UPDATE`, [paymentIntentId]);
  return result.rows[0] ? recordOf(result.rows[0]) : null;
}

/** A page of the location's payments, newest first: all of them, or those one user paid; `after` is the last one of the previous page. */
export async function listPayments(
  db: Pool | PoolClient,
  locationId: string,
  filter: { readonly payerId: string | null; readonly after: { readonly createdAt: string; readonly id: string } | null; readonly limit: number },
): Promise<PaymentRecord[]> {
  const result = await db.query<PaymentRow>(
    `SELECT ${PAYMENT_COLUMNS} FROM payments.payments
     WHERE location_id = $1 AND ($2::text IS NULL OR (payer_type = 'user' AND payer_id = $2))
       AND ($3::timestamptz IS NULL OR (created_at, id) < ($3::timestamptz, $4::uuid))
     ORDER BY created_at DESC, id DESC LIMIT $5`,
    [locationId, filter.payerId, filter.after?.createdAt ?? null, filter.after?.id ?? null, filter.limit],
  );
  return result.rows.map(recordOf);
}

export async function findPaymentByPurpose(db: Pool | PoolClient, type: string, id: string): Promise<PaymentRecord | null> {
  const result = await db.query<PaymentRow>(`SELECT ${PAYMENT_COLUMNS} FROM payments.payments WHERE purpose_type = $1 AND purpose_id = $2`, [type, id]);
  return result.rows[0] ? recordOf(result.rows[0]) : null;
}

/** Writes what the decider changed (status, refunded); the table's checks keep refunds within the amount. */
export async function savePayment(client: PoolClient, state: PaymentState, now: Date): Promise<void> {
  await client.query(`UPDATE payments.payments SET status = $2, refunded = $3, updated_at = $4 WHERE id = $1`, [state.paymentId, state.status, state.refunded, now]);
}

export function createdResponse(record: PaymentRecord): PaymentCreatedResponse {
  return {
    paymentId: record.state.paymentId,
    paymentIntentId: record.state.paymentIntentId,
    clientSecret: record.clientSecret ?? '',
    status: record.state.status,
  };
}

export function paymentView(record: PaymentRecord): PaymentView {
  const { state } = record;
  return {
    id: state.paymentId,
    method: 'card',
    amount: state.amount,
    status: state.status,
    purpose: state.purpose,
    payer: { ownerType: state.payer.type, ownerId: state.payer.id },
    refundable: refundableOf(state),
    createdAt: record.createdAt.toISOString(),
  };
}
