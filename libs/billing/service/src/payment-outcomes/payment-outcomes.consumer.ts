import { decide, type PurchaseCommand } from '@credits/billing-domain';
import { Topics, validateEventData, type EventEnvelope, type PaymentFailed, type PaymentSucceeded } from '@credits/contracts';
import { Inbox, type MessageBus, type Subscription } from '@credits/messaging';
import { runWithContext, type JsonLogger } from '@credits/platform/core';
import type { Pool, PoolClient } from 'pg';
import { BILLING_SCHEMA } from '../shared/billing.tokens';
import { loadPurchase } from '../shared/credit-purchase.store';
import { applyPurchaseEvents } from '../shared/purchase-effects';

export const PAYMENT_OUTCOMES_CONSUMER = 'billing.payment-outcomes';

type Outcome =
  | (EventEnvelope & { readonly type: 'PaymentSucceeded'; readonly data: PaymentSucceeded['data'] })
  | (EventEnvelope & { readonly type: 'PaymentFailed'; readonly data: PaymentFailed['data'] });

/**
 * Card purchases complete (or fail) when payments says so (PaymentSucceeded / PaymentFailed of
 * purpose credit-purchase). Each message is applied once: its id goes into the inbox in the
 * transaction that stores the purchase and its CreditPurchaseCompleted. A payment that does not
 * match its purchase (another amount or currency, an unknown purchase) delivers nothing and is
 * logged as an alert for a person to look at; so is a message that breaks its schema.
 */
export function subscribeToPaymentOutcomes(pool: Pool, bus: MessageBus, logger: JsonLogger): Promise<Subscription> {
  const inbox = new Inbox(pool, BILLING_SCHEMA, PAYMENT_OUTCOMES_CONSUMER);
  return bus.subscribe({
    groupId: PAYMENT_OUTCOMES_CONSUMER,
    topics: [Topics.payments],
    types: ['PaymentSucceeded', 'PaymentFailed'],
    handler: async (envelope) => {
      const errors = validateEventData(envelope.type, envelope.version, envelope.data);
      if (errors.length > 0) {
        logger.write('error', 'invalid event skipped', { consumer: PAYMENT_OUTCOMES_CONSUMER, eventId: envelope.id, type: envelope.type, errors });
        return;
      }
      const outcome = envelope as Outcome;
      if (outcome.data.purpose.type !== 'credit-purchase') return;
      await runWithContext({ correlationId: envelope.correlationId, causationId: envelope.id }, () =>
        inbox.handleOnce(envelope, (client) => applyOutcome(client, outcome, logger)),
      );
    },
  });
}

async function applyOutcome(client: PoolClient, outcome: Outcome, logger: JsonLogger): Promise<void> {
  const { data } = outcome;
  const purchase = await loadPurchase(client, data.locationId, data.purpose.id, true);
  const base = { purchaseId: data.purpose.id, now: data.occurredAt, paymentId: data.paymentId };
  const command: PurchaseCommand =
    outcome.type === 'PaymentSucceeded'
      ? { type: 'RecordPaymentSucceeded', ...base, amount: outcome.data.amount }
      : { type: 'RecordPaymentFailed', ...base, reason: outcome.data.reason };
  const decision = decide(command, purchase);
  if (!decision.ok) {
    logger.write('error', 'payment outcome not applied to its credit purchase', {
      alert: true,
      consumer: PAYMENT_OUTCOMES_CONSUMER,
      eventId: outcome.id,
      type: outcome.type,
      paymentId: data.paymentId,
      purchaseId: data.purpose.id,
      rejection: decision.rejection,
    });
    return;
  }
  await applyPurchaseEvents(client, purchase, decision.events, new Date(data.occurredAt));
}
