import { Sources, Topics, type EventEnvelope, type PaymentFailed, type PaymentSucceeded } from '@credits/contracts';
import { KafkaMessageBus, type Subscription } from '@credits/messaging';
import { JsonLogger, type LogLevel } from '@credits/platform/core';
import { kafkaBrokers } from '@credits/test-infra';
import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { loadPurchase } from '../shared/credit-purchase.store';
import { billingTestDatabase, startedPurchase } from '../testing/billing-test-database';
import { PAYMENT_OUTCOMES_CONSUMER, subscribeToPaymentOutcomes } from './payment-outcomes.consumer';

const LOCATION = randomUUID();

/** Keeps what the consumer logs, so the test can see the alerts. */
class RecordingLogger extends JsonLogger {
  readonly lines: Array<{ level: LogLevel; message: unknown } & Record<string, unknown>> = [];

  override write(level: LogLevel, message: unknown, extra: object = {}): void {
    this.lines.push({ level, message, ...extra });
  }
}

function outcome(type: 'PaymentSucceeded' | 'PaymentFailed', purchaseId: string, amount: number, currency = 'EUR'): EventEnvelope {
  const data: PaymentSucceeded['data'] | PaymentFailed['data'] = {
    paymentId: `payment-${purchaseId}`,
    locationId: LOCATION,
    payer: { type: 'user', id: 'bob' },
    purpose: { type: 'credit-purchase', id: purchaseId },
    amount: { amount, currency },
    paymentIntentId: `pi_${purchaseId.slice(0, 8)}`,
    occurredAt: '2026-05-01T10:07:00.000Z',
    actor: { type: 'system', id: 'stripe' },
    ...(type === 'PaymentFailed' ? { reason: 'card_declined' } : {}),
  };
  const id = randomUUID();
  return { id, source: Sources.payments, type, version: 1, time: data.occurredAt, key: data.paymentId, correlationId: `checkout-${id}`, causationId: null, data };
}

/**
 * The payments service's outcomes (stand-in producer) on the real broker; billing's consumer on real
 * PostgreSQL completes or fails card purchases exactly once and puts CreditPurchaseCompleted into
 * its outbox in the same transaction.
 */
describe('payment outcomes through real Kafka', () => {
  let pool: Pool;
  let bus: KafkaMessageBus;
  let subscription: Subscription;
  const logger = new RecordingLogger('test', 'debug');
  const namespace = `billing-outcomes-${randomUUID().slice(0, 8)}.`;

  const handled = async (envelopes: readonly EventEnvelope[]) => {
    const ids = envelopes.map((envelope) => envelope.id);
    const deadline = Date.now() + 30000;
    while (Date.now() < deadline) {
      const seen = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM billing.inbox WHERE consumer = $1 AND message_id = ANY($2)`, [PAYMENT_OUTCOMES_CONSUMER, ids]);
      if (seen.rows[0].n === new Set(ids).size) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`messages ${ids.join(', ')} not handled`);
  };
  const completions = async (purchaseId: string) =>
    (
      await pool.query<{ envelope: EventEnvelope }>(`SELECT envelope FROM billing.outbox WHERE envelope->>'type' = 'CreditPurchaseCompleted' AND envelope->>'key' = $1`, [purchaseId])
    ).rows.map((row) => row.envelope);

  beforeAll(async () => {
    ({ pool } = await billingTestDatabase('billing_outcomes'));
    bus = new KafkaMessageBus({ brokers: kafkaBrokers(), clientId: 'billing-outcomes-test', namespace, log: (level, message, extra) => logger.write(level, message, extra) });
    subscription = await subscribeToPaymentOutcomes(pool, bus, logger);
  });

  afterAll(async () => {
    await subscription.stop();
    await bus.close();
    await pool.end();
  });

  it('completes a card purchase once when its payment succeeds, however often the success arrives', async () => {
    const purchaseId = await startedPurchase(pool, { locationId: LOCATION, buyerId: 'bob', price: 900 });
    const paid = outcome('PaymentSucceeded', purchaseId, 900);
    await bus.publish(Topics.payments, [paid, paid, paid, paid, paid]);
    await handled([paid]);

    expect(await loadPurchase(pool, LOCATION, purchaseId)).toMatchObject({ status: 'completed', paymentId: `payment-${purchaseId}`, completedAt: '2026-05-01T10:07:00.000Z' });
    const published = await completions(purchaseId);
    expect(published).toHaveLength(1);
    expect(published[0]).toMatchObject({
      source: Sources.billing,
      key: purchaseId,
      correlationId: paid.correlationId,
      causationId: paid.id,
      data: { purchaseId, holder: { type: 'user', id: 'bob' }, credits: 1000, unitPrice: { amount: 90, currency: 'EUR' }, price: { amount: 900, currency: 'EUR' }, paymentMethod: 'card' },
    });

    // The same payment again under another message id: the purchase is completed already, nothing more.
    const again = { ...paid, id: randomUUID() };
    await bus.publish(Topics.payments, [again]);
    await handled([again]);
    expect(await completions(purchaseId)).toHaveLength(1);
  });

  it('marks a failed payment, and completes when a later payment of the purchase succeeds', async () => {
    const purchaseId = await startedPurchase(pool, { locationId: LOCATION, buyerId: 'bob', price: 1500 });
    const declined = outcome('PaymentFailed', purchaseId, 1500);
    await bus.publish(Topics.payments, [declined]);
    await handled([declined]);
    expect(await loadPurchase(pool, LOCATION, purchaseId)).toMatchObject({ status: 'failed', failureReason: 'card_declined' });
    expect(await completions(purchaseId)).toHaveLength(0);

    const paid = outcome('PaymentSucceeded', purchaseId, 1500);
    await bus.publish(Topics.payments, [paid]);
    await handled([paid]);
    expect(await loadPurchase(pool, LOCATION, purchaseId)).toMatchObject({ status: 'completed', failureReason: null });
    expect(await completions(purchaseId)).toHaveLength(1);
  });

  it('delivers nothing for a payment that does not match its purchase or names none, and raises an alert', async () => {
    const purchaseId = await startedPurchase(pool, { locationId: LOCATION, buyerId: 'bob', price: 900 });
    const short = outcome('PaymentSucceeded', purchaseId, 800);
    const otherCurrency = outcome('PaymentSucceeded', purchaseId, 900, 'USD');
    const unknown = outcome('PaymentSucceeded', randomUUID(), 900);
    await bus.publish(Topics.payments, [short, otherCurrency, unknown]);
    await handled([short, otherCurrency, unknown]);

    expect(await loadPurchase(pool, LOCATION, purchaseId)).toMatchObject({ status: 'awaiting_payment' });
    expect(await completions(purchaseId)).toHaveLength(0);
    const alerts = logger.lines.filter((line) => line.alert === true);
    // Keyed by purchase, so the unknown purchase's message may be handled before or after the other two.
    expect(alerts.map((line) => (line.rejection as { type: string }).type).sort()).toEqual(['payment-mismatch', 'payment-mismatch', 'purchase-not-found']);
  });

  it('ignores payments for other purposes and skips a message that breaks its schema', async () => {
    const purchaseId = await startedPurchase(pool, { locationId: LOCATION, buyerId: 'bob', price: 900 });
    const booking = outcome('PaymentSucceeded', purchaseId, 900);
    const forBooking = { ...booking, data: { ...booking.data, purpose: { type: 'booking', id: purchaseId } } };
    const broken = { ...outcome('PaymentSucceeded', purchaseId, 900), data: { purpose: { type: 'credit-purchase', id: purchaseId } } };
    const marker = outcome('PaymentFailed', await startedPurchase(pool, { locationId: LOCATION, buyerId: 'bob', price: 900 }), 900);
    await bus.publish(Topics.payments, [forBooking, broken, marker]);
    await handled([marker]);

    expect(await loadPurchase(pool, LOCATION, purchaseId)).toMatchObject({ status: 'awaiting_payment' });
    expect(logger.lines).toContainEqual(expect.objectContaining({ level: 'error', message: 'invalid event skipped', eventId: broken.id }));
  });
});
