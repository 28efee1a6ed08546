import { creditReport, nextMonth, revenueReport } from '@credits/billing-domain';
import { Sources, Topics, walletIdFor, type EventEnvelope } from '@credits/contracts';
import { KafkaMessageBus, type Subscription } from '@credits/messaging';
import { JsonLogger } from '@credits/platform/core';
import { kafkaBrokers } from '@credits/test-infra';
import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { creditMovementTotals, revenueTotals } from '../shared/reports.store';
import { billingTestDatabase } from '../testing/billing-test-database';
import { REPORTS_PROJECTION_CONSUMER, subscribeToReportFacts } from './reports-projection.consumer';

const LOCATION = randomUUID();
const WALLET = walletIdFor({ locationId: LOCATION, ownerType: 'user', ownerId: 'bob' });
const ACTOR = { type: 'system', id: 'test' };
const PURPOSE = { resourceType: 'room', reference: 'booking-1' };

function envelope(source: string, type: string, key: string, data: Record<string, unknown>): EventEnvelope {
  const id = randomUUID();
  return { id, source, type, version: 1, time: String(data.occurredAt), key, correlationId: `test-${id}`, causationId: null, data };
}

const ledger = (type: string, occurredAt: string, data: Record<string, unknown>) =>
  envelope(Sources.ledger, type, WALLET, { walletId: WALLET, occurredAt, actor: ACTOR, reason: 'test', lots: [{ lotId: 'lot-1', amount: 1 }], ...data });
const granted = (occurredAt: string, amount: number, source: string) =>
  ledger('CreditsGranted', occurredAt, { lotId: randomUUID(), amount, kind: 'permanent', expiresAt: null, source, planPeriodId: null, unitPrice: null });
const spent = (occurredAt: string, amount: number) => ledger('CreditsSpent', occurredAt, { spendId: randomUUID(), amount, purpose: PURPOSE });
const payments = (type: string, paymentId: string, data: Record<string, unknown>) =>
  envelope(Sources.payments, type, paymentId, { paymentId, locationId: LOCATION, actor: ACTOR, ...data });
const paymentSucceeded = (paymentId: string, purpose: { type: string; id: string }, amount: number, occurredAt: string) =>
  payments('PaymentSucceeded', paymentId, { payer: { type: 'user', id: 'bob' }, purpose, amount: { amount, currency: 'EUR' }, paymentIntentId: `pi_${paymentId}`, occurredAt });
const purchaseCompleted = (purchaseId: string, price: number, occurredAt: string) =>
  envelope(Sources.billing, 'CreditPurchaseCompleted', purchaseId, {
    purchaseId,
    locationId: LOCATION,
    holder: { type: 'user', id: 'bob' },
    credits: 1000,
    unitPrice: { amount: price / 10, currency: 'EUR' },
    price: { amount: price, currency: 'EUR' },
    paymentMethod: 'card',
    buyerId: 'bob',
    occurredAt,
    actor: ACTOR,
  });

/**
 * The reports' facts from the real broker into real PostgreSQL: replays count once, months are
 * local months of the zone asked for (month ends, daylight saving), refunds count against the
 * source their payment was for, and a credit purchase's card payment is not counted twice.
 */
describe('report facts through real Kafka', () => {
  let pool: Pool;
  let bus: KafkaMessageBus;
  let subscription: Subscription;
  const logger = new JsonLogger('test', 'error');
  const namespace = `billing-reports-${randomUUID().slice(0, 8)}.`;

  const handled = async (envelopes: readonly EventEnvelope[]) => {
    const ids = [...new Set(envelopes.map((e) => e.id))];
    const deadline = Date.now() + 30000;
    while (Date.now() < deadline) {
      const seen = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM billing.inbox WHERE consumer = $1 AND message_id = ANY($2)`, [REPORTS_PROJECTION_CONSUMER, ids]);
      if (seen.rows[0].n === ids.length) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`messages ${ids.join(', ')} not handled`);
  };
  const credits = async (timezone: string, months: string[]) => creditReport(months, await creditMovementTotals(pool, LOCATION, timezone, nextMonth(months[months.length - 1])));
  const revenue = async (timezone: string, months: string[]) =>
    revenueReport(months, 'EUR', ['credit-purchases', 'bookings'], await revenueTotals(pool, LOCATION, timezone, months[0], nextMonth(months[months.length - 1])));

  beforeAll(async () => {
    ({ pool } = await billingTestDatabase('billing_reports'));
    bus = new KafkaMessageBus({ brokers: kafkaBrokers(), clientId: 'billing-reports-test', namespace });
    subscription = await subscribeToReportFacts(pool, bus, logger);
  });

  afterAll(async () => {
    await subscription.stop();
    await bus.close();
    await pool.end();
  });

  it('puts credit movements into local months (month end, daylight saving) and counts a replayed message once', async () => {
    const events = [
      granted('2025-12-15T10:00:00.000Z', 10000, 'admin'), // before the report: the opening
      spent('2026-01-31T22:59:00.000Z', 100), // 23:59 in Berlin (UTC+1): January
      granted('2026-01-31T23:30:00.000Z', 2000, 'plan'), // 00:30 on 1 February in Berlin
      spent('2026-03-31T21:59:00.000Z', 300), // 23:59 CEST (UTC+2 since 29 March): March
      spent('2026-03-31T22:30:00.000Z', 400), // 00:30 on 1 April CEST: April
      ledger('CreditsExpired', '2026-04-02T00:00:00.000Z', { amount: 500, planPeriodId: null }),
      ledger('CreditsHeld', '2026-04-03T00:00:00.000Z', { holdId: 'h', amount: 700, expiresAt: '2026-04-04T00:00:00.000Z', purpose: PURPOSE }),
    ];
    const replayed = granted('2026-02-10T12:00:00.000Z', 50, 'rollover');
    await bus.publish(Topics.ledger, [...events, replayed, replayed, replayed]);
    await handled([...events, replayed]);

    const berlin = await credits('Europe/Berlin', ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05']);
    expect(berlin.openingOutstanding).toBe(10000n);
    expect(berlin.months.map((m) => [m.month, m.granted.plan + m.granted.rollover, m.spent, m.expired, m.outstanding])).toEqual([
      ['2026-01', 0n, 100n, 0n, 9900n],
      ['2026-02', 2050n, 0n, 0n, 11950n],
      ['2026-03', 0n, 300n, 0n, 11650n],
      ['2026-04', 0n, 400n, 500n, 10750n],
      ['2026-05', 0n, 0n, 0n, 10750n],
    ]);
    // The same facts in UTC: the month-end grant and spend fall into January and March.
    const utc = await credits('UTC', ['2026-01', '2026-02', '2026-03', '2026-04']);
    expect(utc.months.map((m) => [m.month, m.granted.plan, m.spent])).toEqual([
      ['2026-01', 2000n, 100n],
      ['2026-02', 0n, 0n],
      ['2026-03', 0n, 700n],
      ['2026-04', 0n, 0n],
    ]);
  });

  it('counts credit purchases when completed, booking payments when paid, and refunds in their own month against their payment’s source', async () => {
    const purchaseId = randomUUID();
    const sold = purchaseCompleted(purchaseId, 900, '2026-06-30T22:30:00.000Z'); // 1 July in Berlin
    const soldAgain = { ...purchaseCompleted(purchaseId, 900, '2026-06-30T22:30:00.000Z'), id: randomUUID() }; // re-emitted under another id
    const purchasePayment = paymentSucceeded('pay-purchase', { type: 'credit-purchase', id: purchaseId }, 900, '2026-06-30T22:29:00.000Z');
    const bookingPayment = paymentSucceeded('pay-booking', { type: 'booking', id: 'booking-1' }, 5000, '2026-07-10T10:00:00.000Z');
    const refund = (refundId: string, method: string, amount: number, occurredAt: string) =>
      payments('RefundIssued', 'pay-booking', { refundId, holder: { type: 'user', id: 'bob' }, method, amount: { amount, currency: 'EUR' }, credits: method === 'credits' ? amount : 0, occurredAt });
    const refunds = [refund('r-1', 'money', 1000, '2026-07-20T10:00:00.000Z'), refund('r-2', 'credits', 1500, '2026-08-01T10:00:00.000Z')];
    await bus.publish(Topics.billing, [sold, soldAgain, sold]);
    await bus.publish(Topics.payments, [purchasePayment, bookingPayment, ...refunds, refunds[0]]);
    await handled([sold, soldAgain, purchasePayment, bookingPayment, ...refunds]);

    const months = await revenue('Europe/Berlin', ['2026-06', '2026-07', '2026-08']);
    const line = (source: string, received: number, refunded: number) => ({ source, currency: 'EUR', received: BigInt(received), refunded: BigInt(refunded), net: BigInt(received - refunded) });
    expect(months).toEqual([
      { month: '2026-06', sources: [line('credit-purchases', 0, 0), line('bookings', 0, 0)] },
      { month: '2026-07', sources: [line('credit-purchases', 900, 0), line('bookings', 5000, 1000)] },
      { month: '2026-08', sources: [line('credit-purchases', 0, 0), line('bookings', 0, 1500)] },
    ]);
  });
});
