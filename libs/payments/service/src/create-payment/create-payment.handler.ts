import type { CreatePaymentRequest, PaymentCreatedResponse } from '@credits/contracts/http';
import { Problems } from '@credits/platform';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { PAYMENT_PROVIDER, PAYMENTS_POOL } from '../shared/payments.tokens';
import { createdResponse, findPaymentByPurpose, type PaymentRecord } from '../shared/payment.store';
import type { PaymentProvider } from '../shared/payment-provider.port';
import { providerProblem } from '../shared/payment-problems';

export class CreatePaymentCommand {
  constructor(readonly request: CreatePaymentRequest, readonly now: Date) {}
}

export interface CreatePaymentResult {
  readonly response: PaymentCreatedResponse;
  /** false when the purpose already had this payment (a retry) */
  readonly created: boolean;
}

/**
 * A card payment for a purpose, once per purpose: the row is written first, so the PaymentIntent's
 * idempotency key (derived from the payment id) is the same for every retry and concurrent call,
 * and Stripe creates one PaymentIntent however often it is asked.
 */
@CommandHandler(CreatePaymentCommand)
export class CreatePaymentHandler implements ICommandHandler<CreatePaymentCommand, CreatePaymentResult> {
  constructor(@Inject(PAYMENTS_POOL) private readonly pool: Pool, @Inject(PAYMENT_PROVIDER) private readonly provider: PaymentProvider) {}

  async execute({ request, now }: CreatePaymentCommand): Promise<CreatePaymentResult> {
    const { purpose, payer, amount } = request;
    const inserted = await this.pool.query(
      `INSERT INTO payments.payments (id, location_id, payer_type, payer_id, purpose_type, purpose_id, amount, currency, description, status, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'awaiting_payment', $10, $10)
       ON CONFLICT (purpose_type, purpose_id) DO NOTHING`,
      [randomUUID(), request.locationId, payer.ownerType, payer.ownerId, purpose.type, purpose.id, amount.amount, amount.currency, request.description ?? null, now],
    );
    const record = sameRequest((await findPaymentByPurpose(this.pool, purpose.type, purpose.id))!, request);
    if (record.state.paymentIntentId !== '') return { response: createdResponse(record), created: inserted.rowCount === 1 };

    const intent = await this.provider
      .createIntent({ paymentId: record.state.paymentId, amount, purpose, description: request.description }, `payment:${record.state.paymentId}`)
      .catch((error) => {
        throw providerProblem(error);
      });
    // A concurrent call may have stored its answer first: every caller answers the stored one.
    await this.pool.query(`UPDATE payments.payments SET payment_intent_id = $2, client_secret = $3, updated_at = $4 WHERE id = $1 AND payment_intent_id IS NULL`, [
      record.state.paymentId,
      intent.paymentIntentId,
      intent.clientSecret,
      now,
    ]);
    const stored = (await findPaymentByPurpose(this.pool, purpose.type, purpose.id))!;
    return { response: createdResponse(stored), created: inserted.rowCount === 1 };
  }
}

/** A purpose's payment is answered again only to the same request; other terms for it are a conflict. */
function sameRequest(record: PaymentRecord, request: CreatePaymentRequest): PaymentRecord {
  const { state } = record;
  const same =
    state.locationId === request.locationId &&
    state.payer.type === request.payer.ownerType &&
    state.payer.id === request.payer.ownerId &&
    state.amount.amount === request.amount.amount &&
    state.amount.currency === request.amount.currency;
  if (!same) {
    throw Problems.conflict(
      'purpose-has-payment',
      'This purpose already has a payment',
      `${request.purpose.type} ${request.purpose.id} already has payment ${state.paymentId} with other terms (location, payer or amount)`,
      { paymentId: state.paymentId },
    );
  }
  return record;
}
