import { Sources, Topics, toKafkaRecord, walletIdFor, type CreditPurchaseCompleted, type EventEnvelope, type RefundIssued } from '@credits/contracts';
import { balanceOf } from '@credits/ledger-domain';
import { KafkaMessageBus, type Subscription } from '@credits/messaging';
import { JsonLogger, type LogLevel } from '@credits/platform/core';
import { kafkaBrokers } from '@credits/test-infra';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { eventCount, ledgerTestDatabase } from '../testing/ledger-test-database';
import { testEnvelope, waitUntilHandled } from '../testing/reaction-test-kit';
import type { WalletCommandExecutor } from '../wallets/wallet-command.executor';
import { loadWallet } from '../wallets/wallet.store';
import { PURCHASE_AND_REFUND_CONSUMER, subscribeToPurchasesAndRefunds } from './purchase-and-refund.consumer';

const LOCATION = 'loc-purchases';
const hana = { type: 'user', id: 'hana' } as const;
const walletId = walletIdFor({ locationId: LOCATION, ownerType: 'user', ownerId: 'hana' });
const actor = { type: 'user', id: 'hana' } as const;

/** Keeps what the consumer logs, so the test can see what it did with a bad message. */
class RecordingLogger extends JsonLogger {
  readonly lines: Array<{ level: LogLevel; message: unknown } & Record<string, unknown>> = [];

  override write(level: LogLevel, message: unknown, extra: object = {}): void {
    this.lines.push({ level, message, ...extra });
  }
}

function purchase(credits: number, unitPrice: { amount: number; currency: string }): EventEnvelope {
  const data: CreditPurchaseCompleted['data'] = {
    purchaseId: randomUUID(),
    locationId: LOCATION,
    holder: hana,
    credits,
    unitPrice,
    occurredAt: '2026-05-01T10:00:00.000Z',
    actor,
  };
  return testEnvelope(Sources.billing, 'CreditPurchaseCompleted', data.purchaseId, data);
}

function refund(method: RefundIssued['data']['method'], credits: number): EventEnvelope {
  const data: RefundIssued['data'] = {
    refundId: randomUUID(),
    paymentId: 'payment-1',
    locationId: LOCATION,
    holder: hana,
    method,
    amount: { amount: credits, currency: 'EUR' },
    credits: method === 'credits' ? credits : 0,
    occurredAt: '2026-05-02T10:00:00.000Z',
    actor: { type: 'user', id: 'admin-1' },
  };
  return testEnvelope(Sources.payments, 'RefundIssued', 'payment-1', data);
}

/**
 * Billing and payments stand-ins publish CloudEvents (Kafka binary mode) to their topics on the real
 * broker; the ledger's consumer turns them into permanent credits on real PostgreSQL.
 */
describe('purchase and refund reactions through real Kafka', () => {
  let pool: Pool;
  let executor: WalletCommandExecutor;
  let bus: KafkaMessageBus;
  let subscription: Subscription;
  let raw: Producer;
  const namespace = `purchases-${randomUUID().slice(0, 8)}.`;
  const logger = new RecordingLogger('test', 'debug');
  const handled = (envelopes: readonly EventEnvelope[]) => waitUntilHandled(pool, PURCHASE_AND_REFUND_CONSUMER, envelopes.map((envelope) => envelope.id));
  const lots = async () => (await loadWallet(pool, walletId)).lots;

  beforeAll(async () => {
    ({ pool, executor } = await ledgerTestDatabase('ledger-purchases'));
    bus = new KafkaMessageBus({ brokers: kafkaBrokers(), clientId: 'purchases-test', namespace, log: (level, message, extra) => logger.write(level, message, extra) });
    subscription = await subscribeToPurchasesAndRefunds(pool, bus, executor, logger);
    raw = new Kafka({ clientId: 'purchases-test-raw', brokers: kafkaBrokers(), logLevel: logLevel.NOTHING }).producer();
    await raw.connect();
  });

  afterAll(async () => {
    await raw.disconnect();
    await subscription.stop();
    await bus.close();
    await pool.end();
  });

  it('adds bought credits as permanent credits of source purchase, keeping the unit price, once per message', async () => {
    const bought = purchase(5000, { amount: 90, currency: 'EUR' });
    await bus.publish(Topics.billing, [bought, bought]);
    await handled([bought]);
    expect(await eventCount(pool, walletId, 'CreditsGranted')).toBe(1);
    expect(await lots()).toEqual([
      expect.objectContaining({ kind: 'permanent', granted: 5000, remaining: 5000, expiresAt: null, source: 'purchase', unitPrice: { amount: 90, currency: 'EUR' } }),
    ]);
    // The purchase travels as data (v2), the reason stays human text.
    const stored = await pool.query(`SELECT version, data FROM ledger.events WHERE stream_id = $1 AND type = 'CreditsGranted'`, [walletId]);
    expect(stored.rows).toEqual([{ version: 2, data: expect.objectContaining({ purchaseId: (bought.data as CreditPurchaseCompleted['data']).purchaseId, reason: 'Credit purchase' }) }]);
    // Delivered again later (a consumer restart re-reading the topic): still once.
    await bus.publish(Topics.billing, [bought]);
    const marker = purchase(100, { amount: 100, currency: 'EUR' });
    await bus.publish(Topics.billing, [marker]);
    await handled([marker]);
    expect(await eventCount(pool, walletId, 'CreditsGranted')).toBe(2);
  });

  it('adds a refund taken as credits as permanent credits of source refund, once; a money refund changes nothing', async () => {
    const asCredits = refund('credits', 1250);
    const asMoney = refund('money', 4000);
    await bus.publish(Topics.payments, [asCredits, asMoney, asCredits, asMoney]);
    await handled([asCredits, asMoney]);
    const refunds = (await lots()).filter((lot) => lot.source === 'refund');
    expect(refunds).toEqual([expect.objectContaining({ kind: 'permanent', granted: 1250, expiresAt: null, unitPrice: null })]);
    expect(await eventCount(pool, walletId, 'CreditsGranted')).toBe(3);
    // Which money refund the credits settle travels as data (v2), not in the reason text.
    const stored = await pool.query(`SELECT data FROM ledger.events WHERE stream_id = $1 AND type = 'CreditsGranted' AND data->>'source' = 'refund'`, [walletId]);
    const { refundId, paymentId } = asCredits.data as RefundIssued['data'];
    expect(stored.rows).toEqual([{ data: expect.objectContaining({ moneyRefund: { refundId, paymentId }, purchaseId: null, reason: 'Refund as credits' }) }]);
    expect(balanceOf(await loadWallet(pool, walletId), '2026-05-03T00:00:00.000Z').balance).toBe(5000 + 100 + 1250);
  });

  it('logs and skips a message it cannot read or that breaks its schema, and goes on with the next ones', async () => {
    const topic = `${namespace}${Topics.billing}`;
    const key = 'bad-messages';
    const notACloudEvent = { key, value: '{"credits": 100', headers: { 'content-type': 'application/json' } };
    const broken = purchase(12.5, { amount: 90, currency: 'EUR' });
    const next = purchase(300, { amount: 80, currency: 'EUR' });
    // The same key keeps them in order on one partition: `next` is handled only after the bad ones.
    await raw.send({ topic, acks: -1, messages: [notACloudEvent, { ...toKafkaRecord(broken), key }, { ...toKafkaRecord(next), key }] });
    await handled([next]);

    expect((await lots()).filter((lot) => lot.granted === 300)).toEqual([expect.objectContaining({ source: 'purchase', unitPrice: { amount: 80, currency: 'EUR' } })]);
    expect(await eventCount(pool, walletId, 'CreditsGranted')).toBe(4);
    expect(logger.lines).toContainEqual(expect.objectContaining({ level: 'error', message: 'unreadable message skipped', topic }));
    expect(logger.lines).toContainEqual(
      expect.objectContaining({ level: 'error', message: 'invalid event skipped', eventId: broken.id, errors: [expect.stringMatching(/credits/)] }),
    );
    // Not marked as handled: a fixed copy under the same id would still be applied.
    const inbox = await pool.query(`SELECT 1 FROM ledger.inbox WHERE consumer = $1 AND message_id = $2`, [PURCHASE_AND_REFUND_CONSUMER, broken.id]);
    expect(inbox.rowCount).toBe(0);
  });
});
