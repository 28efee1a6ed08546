import { creditsToText, type Actor, type PlanHolder, type RefundIssued } from '@credits/contracts';
import type { RefundPaymentRequest, RefundView } from '@credits/contracts/http';
import { withTransaction } from '@credits/event-store';
import { decide, evolve, refundableOf } from '@credits/payments-domain';
import { Problems, currentContext } from '@credits/platform/core';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import { recordPaymentEvents } from '../shared/payment-events.recorder';
import { providerProblem, rejectionProblem } from '../shared/payment-problems';
import type { PaymentProvider } from '../shared/payment-provider.port';
import { lockPayment, savePayment } from '../shared/payment.store';
import { PAYMENT_PROVIDER, PAYMENTS_POOL } from '../shared/payments.tokens';

export class RefundPaymentCommand {
  constructor(
    readonly paymentId: string,
    /** the location of the route: a payment of another location does not exist there; null for internal calls */
    readonly locationId: string | null,
    readonly request: RefundPaymentRequest,
    readonly idempotencyKey: string,
    readonly actor: Actor,
    readonly now: Date,
    /** for refunds as credits: refuses when the payer could not receive them (checked under the payment's lock) */
    readonly creditsReceivable: (locationId: string, payer: PlanHolder) => Promise<void> = async () => undefined,
  ) {}
}

export interface RefundResult {
  readonly body: RefundView;
  readonly replayed: boolean;
}

/** A refund's id comes from its payment and Idempotency-Key, so a retry after a lost answer asks Stripe with the same key. */
function refundIdOf(paymentId: string, idempotencyKey: string): string {
  const hex = createHash('sha256').update(`${paymentId}\n${idempotencyKey}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** What a retry must repeat exactly: the request's meaning and who asks. */
function fingerprintOf(command: RefundPaymentCommand): string {
  const { amount, method, reason } = command.request;
  return createHash('sha256').update(JSON.stringify([amount.amount, amount.currency, method, reason, command.actor.type, command.actor.id])).digest('hex');
}

/**
 * Refunds (part of) a payment, as money to the card or as the exact equivalent in credits (R15).
 * The payment row is locked for the whole decision, so concurrent refunds queue and the sum never
 * exceeds what was paid (the table checks it too); a card refund is asked of Stripe under the lock,
 * with an idempotency key from the refund id, and recorded only if Stripe took it.
 */
@CommandHandler(RefundPaymentCommand)
export class RefundPaymentHandler implements ICommandHandler<RefundPaymentCommand, RefundResult> {
  constructor(@Inject(PAYMENTS_POOL) private readonly pool: Pool, @Inject(PAYMENT_PROVIDER) private readonly provider: PaymentProvider) {}

  async execute(command: RefundPaymentCommand): Promise<RefundResult> {
    const { paymentId, request, now } = command;
    const fingerprint = fingerprintOf(command);
    return withTransaction(this.pool, async (client) => {
      const record = await lockPayment(client, paymentId);
      if (!record || (command.locationId !== null && record.state.locationId !== command.locationId)) {
        throw Problems.notFound(`payment ${paymentId} does not exist`);
      }
      const stored = await client.query<{ fingerprint: string; body: RefundView }>(
        `SELECT fingerprint, body FROM payments.refund_requests WHERE payment_id = $1 AND idempotency_key = $2`,
        [paymentId, command.idempotencyKey],
      );
      if (stored.rows[0]) {
        if (stored.rows[0].fingerprint !== fingerprint) {
          throw Problems.unprocessable('idempotency-key-reused', 'Idempotency-Key already used', 'this Idempotency-Key was used for another refund of this payment');
        }
        return { body: stored.rows[0].body, replayed: true };
      }
      const refundId = refundIdOf(paymentId, command.idempotencyKey);
      const decided = decide(
        { type: 'RefundPayment', refundId, amount: request.amount, method: request.method, reason: request.reason, now: now.toISOString(), actor: command.actor },
        record.state,
      );
      if (!decided.ok) throw rejectionProblem(decided.rejection);
      if (request.method === 'credits') await command.creditsReceivable(record.state.locationId, record.state.payer);
      const state = decided.events.reduce(evolve, record.state);
      const issued = decided.events.filter((event): event is RefundIssued => event.type === 'RefundIssued');
      const stripeRefundId =
        request.method === 'card'
          ? (
              await this.provider.refund(record.state.paymentIntentId, request.amount, refundId, `refund:${refundId}`).catch((error) => {
                throw providerProblem(error);
              })
            ).refundId
          : null;
      await savePayment(client, state, now);
      await client.query(
        `INSERT INTO payments.refunds (id, payment_id, method, amount, credits, reason, stripe_refund_id, actor, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [refundId, paymentId, request.method, request.amount.amount, issued[0].data.credits, request.reason, stripeRefundId, JSON.stringify(command.actor), now],
      );
      await recordPaymentEvents(client, issued, currentContext()?.causationId ?? null);
      const body: RefundView = {
        id: refundId,
        paymentId,
        method: request.method,
        amount: request.amount,
        credits: creditsToText(issued[0].data.credits),
        stripeRefundId,
        refundable: refundableOf(state),
        createdAt: now.toISOString(),
      };
      await client.query(
        `INSERT INTO payments.refund_requests (payment_id, idempotency_key, fingerprint, status, body, created_at) VALUES ($1, $2, $3, 201, $4, $5)`,
        [paymentId, command.idempotencyKey, fingerprint, JSON.stringify(body), now],
      );
      return { body, replayed: false };
    });
  }
}
