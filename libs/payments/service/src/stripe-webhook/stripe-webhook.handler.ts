import type { PaymentsEvent } from '@credits/contracts';
import { withTransaction } from '@credits/event-store';
import { decide, evolve, type PaymentCommand, type PaymentEvent } from '@credits/payments-domain';
import { ProblemException, type JsonLogger } from '@credits/platform/core';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import { recordPaymentEvents } from '../shared/payment-events.recorder';
import { InvalidWebhook, type PaymentProvider, type ProviderEvent } from '../shared/payment-provider.port';
import { lockPayment, lockPaymentByIntent, savePayment } from '../shared/payment.store';
import { PAYMENT_PROVIDER, PAYMENTS_LOGGER, PAYMENTS_POOL } from '../shared/payments.tokens';

export class StripeWebhookCommand {
  constructor(readonly rawBody: Buffer | undefined, readonly signature: string | undefined, readonly now: Date) {}
}

export interface WebhookAnswer {
  readonly received: true;
  /** what happened: applied, duplicate (event id seen before), ignored (not ours, or changes nothing) */
  readonly outcome: 'applied' | 'duplicate' | 'ignored';
}

const STRIPE = { type: 'system', id: 'stripe-webhook' } as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const published = (events: readonly PaymentEvent[]): PaymentsEvent[] => events.filter((event): event is PaymentsEvent => event.type !== 'PaymentAmountMismatched');

/**
 * A signed Stripe event: verified on the exact bytes, then applied once per Stripe event id (the id
 * is stored in the same transaction as the payment's change and its outbox events).
 */
@CommandHandler(StripeWebhookCommand)
export class StripeWebhookHandler implements ICommandHandler<StripeWebhookCommand, WebhookAnswer> {
  constructor(
    @Inject(PAYMENTS_POOL) private readonly pool: Pool,
    @Inject(PAYMENT_PROVIDER) private readonly provider: PaymentProvider,
    @Inject(PAYMENTS_LOGGER) private readonly logger: JsonLogger,
  ) {}

  async execute({ rawBody, signature, now }: StripeWebhookCommand): Promise<WebhookAnswer> {
    const event = this.verified(rawBody, signature);
    if (event.kind === 'other') return { received: true, outcome: 'ignored' };
    return withTransaction(this.pool, async (client) => {
      const first = await client.query(`INSERT INTO payments.stripe_events (event_id, type, received_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [
        event.eventId,
        event.kind,
        now,
      ]);
      if (first.rowCount === 0) return { received: true, outcome: 'duplicate' } as const;
      // metadata.paymentId is only a fallback, and only when it can be one of ours (a PaymentIntent made elsewhere may carry anything).
      const byMetadata = event.paymentId && UUID.test(event.paymentId) ? event.paymentId : null;
      const record = (await lockPaymentByIntent(client, event.paymentIntentId)) ?? (byMetadata ? await lockPayment(client, byMetadata) : null);
      if (!record) {
        this.logger.write('warn', 'stripe webhook for a PaymentIntent of no payment: ignored', { stripeEventId: event.eventId, paymentIntentId: event.paymentIntentId });
        return { received: true, outcome: 'ignored' } as const;
      }
      const command: PaymentCommand =
        event.kind === 'succeeded'
          ? { type: 'RecordPaymentSucceeded', paymentIntentId: event.paymentIntentId, received: event.received, now: now.toISOString(), actor: STRIPE }
          : { type: 'RecordPaymentFailed', paymentIntentId: event.paymentIntentId, reason: event.reason, now: now.toISOString(), actor: STRIPE };
      const result = decide(command, record.state);
      const events = result.ok ? result.events : [];
      await client.query(`UPDATE payments.stripe_events SET payment_id = $2 WHERE event_id = $1`, [event.eventId, record.state.paymentId]);
      if (events.length === 0) return { received: true, outcome: 'ignored' } as const;
      for (const mismatch of events.filter((e) => e.type === 'PaymentAmountMismatched')) {
        this.logger.write('warn', 'ALERT: Stripe reports a payment for other money than asked; nothing delivered, payment marked mismatch', {
          alert: 'payment-amount-mismatch',
          stripeEventId: event.eventId,
          ...mismatch.data,
        });
      }
      await savePayment(client, events.reduce(evolve, record.state), now);
      await recordPaymentEvents(client, published(events), event.eventId);
      return { received: true, outcome: 'applied' } as const;
    });
  }

  private verified(rawBody: Buffer | undefined, signature: string | undefined): ProviderEvent {
    if (!rawBody || rawBody.length === 0 || !signature) throw invalidWebhook('a JSON body and the Stripe-Signature header are required');
    try {
      return this.provider.parseWebhook(rawBody, signature);
    } catch (error) {
      if (error instanceof InvalidWebhook) throw invalidWebhook(`signature not verified: ${error.message}`);
      throw error;
    }
  }
}

function invalidWebhook(detail: string): ProblemException {
  return new ProblemException(400, 'invalid-webhook', 'Webhook not verified', detail);
}
