import { Topics, fromKafkaRecord, validateEventData, type EventEnvelope } from '@credits/contracts';
import { createTestDatabase, freePort, kafkaBrokers } from '@credits/test-infra';
import { Kafka, logLevel } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { readTopicFromStart } from './support/raw-topic-reader';
import { paymentIntentEvent, sendWebhook, signWebhook } from './support/stripe-webhook';
import {
  INTERNAL_SECRET,
  apiClient,
  eventually,
  internalTokens,
  serviceToken,
  spawnApp,
  startSystemUnderTest,
  stopApp,
  tokenFor,
  waitUntilReady,
  type SystemUnderTest,
} from './support/system-under-test';

interface Intent {
  readonly paymentId: string;
  readonly paymentIntentId: string;
  readonly amount: number;
  readonly purpose: { type: 'booking' | 'credit-purchase'; id: string };
}

/** A Stripe event about the PaymentIntent of `intent`, in the state the event type says. */
function stripeEvent(type: string, intent: Intent, overrides: Record<string, unknown> = {}): string {
  const metadataKey = intent.purpose.type === 'booking' ? 'bookingId' : 'purchaseId';
  return paymentIntentEvent(type, {
    id: intent.paymentIntentId,
    amount: intent.amount,
    amount_received: type === 'payment_intent.succeeded' ? intent.amount : 0,
    currency: 'eur',
    status: type === 'payment_intent.succeeded' ? 'succeeded' : 'requires_payment_method',
    metadata: { paymentId: intent.paymentId, [metadataKey]: intent.purpose.id },
    last_payment_error: type === 'payment_intent.payment_failed' ? { code: 'card_declined', decline_code: 'insufficient_funds' } : null,
    ...overrides,
  });
}

/**
 * Card payments end to end on real PostgreSQL, Kafka and stripe-mock: a payment created through the
 * internal API (as booking will), paid by a signed webhook, published once, refunded as credits
 * into the payer's wallet, never beyond what was paid.
 */
describe('payments: card payments, Stripe webhooks, refunds', () => {
  let system: SystemUnderTest;
  let api: ReturnType<typeof apiClient>;
  let payments: ReturnType<typeof apiClient>;
  let locationId: string;
  const operator = tokenFor('op-1', ['operator']);
  const alice = tokenFor('alice');
  const bob = tokenFor('bob');
  const stranger = tokenFor('mallory');
  // Minted per call: internal tokens live 60 s, and the system may take longer than that to start.
  const booking = () => serviceToken('payments', 'booking');
  const topic = () => `${system.namespace}${Topics.payments}`;

  const createPayment = (purpose: Intent['purpose'], amount = 900, token = booking()) =>
    payments('POST', '/internal/payments', {
      headers: { authorization: `Bearer ${token}` },
      body: { locationId, payer: { ownerType: 'user', ownerId: 'bob' }, purpose, amount: { amount, currency: 'EUR' }, description: 'Room Berlin, 2 h' },
    });
  const paid = async (purpose: Intent['purpose'], amount = 900): Promise<Intent> => {
    const created = await createPayment(purpose, amount);
    expect(created.status).toBe(201);
    const intent = { paymentId: created.body.paymentId, paymentIntentId: created.body.paymentIntentId, amount, purpose };
    const payload = stripeEvent('payment_intent.succeeded', intent);
    expect((await webhook(payload, signWebhook(payload))).status).toBe(200);
    return intent;
  };
  const webhook = (payload: string, signature: string) => sendWebhook(api, payload, signature);
  const listPayments = async (token = alice) => (await api('GET', `/v1/locations/${locationId}/payments`, { token })).body;
  const paymentView = async (paymentId: string) => (await listPayments()).items.find((item: { id: string }) => item.id === paymentId);
  const refund = (paymentId: string, key: string, amount: number, method: 'card' | 'credits', token = alice) =>
    api('POST', `/v1/locations/${locationId}/payments/${paymentId}/refunds`, {
      token,
      headers: { 'idempotency-key': key },
      body: { amount: { amount, currency: 'EUR' }, method, reason: 'room was unavailable' },
    });
  const balance = async () => (await api('GET', `/v1/locations/${locationId}/users/bob/credits`, { token: bob })).body;
  /** "12.50" -> 1250, read as text (no floating point); a wallet not opened yet holds 0 */
  const hundredths = (credits: string | undefined) => {
    const [units, cents = ''] = (credits ?? '0').split('.');
    return Number(units) * 100 + Number(cents.padEnd(2, '0'));
  };
  const events = (messages: readonly { key: string | null; value: string; headers: Record<string, string> }[]): EventEnvelope[] => messages.map(fromKafkaRecord);

  beforeAll(async () => {
    system = await startSystemUnderTest('e2e-payments');
    api = apiClient(system.gatewayUrl);
    payments = apiClient(system.paymentsUrl);
    // A consumer cannot subscribe to a topic that does not exist yet (KRaft): create it up front.
    const admin = new Kafka({ clientId: 'e2e-payments-admin', brokers: kafkaBrokers(), logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: topic(), numPartitions: 3 }], waitForLeaders: true });
    await admin.disconnect();
    locationId = (await api('POST', '/v1/locations', { token: operator, body: { name: 'Mitte', currency: 'EUR', timezone: 'Europe/Berlin' } })).body.id;
    await api('POST', `/v1/locations/${locationId}/members`, { token: operator, body: { userId: 'alice', role: 'admin' } });
    await api('POST', `/v1/locations/${locationId}/members`, { token: alice, body: { userId: 'bob', role: 'member' } });
    await api('PATCH', `/v1/locations/${locationId}/settings`, { token: alice, body: { creditsEnabled: true } });
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('creates one PaymentIntent per purpose through the internal API, only for services', async () => {
    const purpose = { type: 'booking' as const, id: `booking-${randomUUID()}` };
    const created = await createPayment(purpose);
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ paymentId: expect.any(String), paymentIntentId: expect.stringMatching(/^pi_/), clientSecret: expect.any(String), status: 'awaiting_payment' });
    const again = await createPayment(purpose);
    expect([again.status, again.body]).toEqual([200, created.body]);
    const otherTerms = await createPayment(purpose, 901);
    expect([otherTerms.status, otherTerms.body.type]).toEqual([409, expect.stringMatching(/purpose-has-payment$/)]);
    // A user's token (as the gateway forwards it) may not create payments; nor may an unsigned call.
    const asUser = await payments('POST', '/internal/payments', {
      headers: { authorization: `Bearer ${internalTokens.sign({ iss: 'api-gateway', aud: 'payments', sub: 'bob' })}` },
      body: { locationId, payer: { ownerType: 'user', ownerId: 'bob' }, purpose: { type: 'booking', id: 'x' }, amount: { amount: 1, currency: 'EUR' } },
    });
    expect(asUser.status).toBe(403);
    expect((await payments('POST', '/internal/payments', { body: {} })).status).toBe(401);
    const invalid = await createPayment({ type: 'boat' as never, id: 'x' }, 0);
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['amount.amount', 'purpose.type']);
  });

  it('applies a signed payment_intent.succeeded once: one PaymentSucceeded on the topic however often Stripe sends it', async () => {
    const purpose = { type: 'booking' as const, id: `booking-${randomUUID()}` };
    const created = (await createPayment(purpose)).body;
    const intent = { paymentId: created.paymentId, paymentIntentId: created.paymentIntentId, amount: 900, purpose };
    const payload = stripeEvent('payment_intent.succeeded', intent);

    // Wrong secret, and a timestamp 301 s old: 400 problem+json, nothing changes.
    const forged = await webhook(payload, signWebhook(payload, { secret: 'whsec_not_ours' }));
    const stale = await webhook(payload, signWebhook(payload, { timestamp: Math.floor(Date.now() / 1000) - 301 }));
    for (const refused of [forged, stale]) {
      expect(refused.status).toBe(400);
      expect(refused.contentType).toContain('application/problem+json');
    }
    expect((await webhook(payload, '')).status).toBe(400);
    expect((await paymentView(created.paymentId)).status).toBe('awaiting_payment');

    const answers = [];
    for (let i = 0; i < 5; i += 1) answers.push(await webhook(payload, signWebhook(payload)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    expect(answers.map((a) => a.body.outcome)).toEqual(['applied', 'duplicate', 'duplicate', 'duplicate', 'duplicate']);
    expect(await paymentView(created.paymentId)).toMatchObject({ status: 'succeeded', amount: { amount: 900, currency: 'EUR' }, refundable: { amount: 900, currency: 'EUR' } });

    // A PaymentIntent that is none of ours (made elsewhere in the Stripe account) is acknowledged and ignored.
    const foreign = stripeEvent('payment_intent.succeeded', { ...intent, paymentIntentId: 'pi_made_elsewhere', paymentId: 'not-a-payment-id' });
    expect((await webhook(foreign, signWebhook(foreign))).body).toEqual({ received: true, outcome: 'ignored' });

    // A later failure of the same PaymentIntent (out of order) changes nothing either.
    const late = stripeEvent('payment_intent.payment_failed', intent);
    expect((await webhook(late, signWebhook(late))).body.outcome).toBe('ignored');

    // A marker event after them: once it is on the topic, everything before it is too (commit order).
    const marker = await paid({ type: 'booking', id: `booking-${randomUUID()}` });
    const seen = events(await readTopicFromStart(topic(), (messages) => events(messages).some((e) => e.key === marker.paymentId)));
    const succeeded = seen.filter((e) => e.type === 'PaymentSucceeded' && e.key === created.paymentId);
    expect(succeeded).toHaveLength(1);
    expect(seen.filter((e) => e.key === created.paymentId).map((e) => e.type)).toEqual(['PaymentSucceeded']);
    expect(validateEventData('PaymentSucceeded', 1, succeeded[0].data)).toEqual([]);
    expect(succeeded[0].data).toEqual({
      paymentId: created.paymentId,
      locationId,
      payer: { type: 'user', id: 'bob' },
      purpose,
      amount: { amount: 900, currency: 'EUR' },
      paymentIntentId: created.paymentIntentId,
      occurredAt: expect.any(String),
      actor: { type: 'system', id: 'stripe-webhook' },
    });
    expect(succeeded[0].source).toBe('/credits/payments');
  });

  it('publishes PaymentFailed for a failed card, and records a success for other money as a mismatch (no event, an alert)', async () => {
    const failing = (await createPayment({ type: 'booking', id: `booking-${randomUUID()}` })).body;
    const failed = stripeEvent('payment_intent.payment_failed', { ...failing, amount: 900, purpose: { type: 'booking', id: 'b' } });
    expect((await webhook(failed, signWebhook(failed))).body.outcome).toBe('applied');
    expect((await paymentView(failing.paymentId)).status).toBe('failed');

    const purpose = { type: 'booking' as const, id: `booking-${randomUUID()}` };
    const short = (await createPayment(purpose)).body;
    const lessMoney = stripeEvent('payment_intent.succeeded', { ...short, amount: 800, purpose });
    expect((await webhook(lessMoney, signWebhook(lessMoney))).body.outcome).toBe('applied');
    expect(await paymentView(short.paymentId)).toMatchObject({ status: 'mismatch', refundable: { amount: 0 } });
    const payments = system.services.find((s) => s.name === 'payments')!;
    const alert = await eventually(
      async () => payments.output.join(''),
      (text) => text.includes('payment-amount-mismatch'),
    );
    expect(alert).toContain(short.paymentId);

    const marker = await paid({ type: 'booking', id: `booking-${randomUUID()}` });
    const seen = events(await readTopicFromStart(topic(), (messages) => events(messages).some((e) => e.key === marker.paymentId)));
    const failure = seen.filter((e) => e.key === failing.paymentId);
    expect(failure.map((e) => e.type)).toEqual(['PaymentFailed']);
    expect(failure[0].data).toMatchObject({ reason: 'insufficient_funds', amount: { amount: 900, currency: 'EUR' } });
    expect(seen.filter((e) => e.key === short.paymentId)).toEqual([]);
  });

  it('shows admins every payment and members their own; strangers learn nothing', async () => {
    const intent = await paid({ type: 'booking', id: `booking-${randomUUID()}` });
    const forAdmin = await listPayments(alice);
    expect(forAdmin.items.find((item: { id: string }) => item.id === intent.paymentId)).toEqual({
      id: intent.paymentId,
      method: 'card',
      amount: { amount: 900, currency: 'EUR' },
      status: 'succeeded',
      purpose: intent.purpose,
      payer: { ownerType: 'user', ownerId: 'bob' },
      refundable: { amount: 900, currency: 'EUR' },
      createdAt: expect.any(String),
    });
    expect((await listPayments(bob)).items.map((item: { id: string }) => item.id)).toContain(intent.paymentId);
    expect((await api('GET', `/v1/locations/${locationId}/payments`, { token: stranger })).status).toBe(404);
    await api('POST', `/v1/locations/${locationId}/members`, { token: alice, body: { userId: 'carol', role: 'member' } });
    expect((await listPayments(tokenFor('carol'))).items).toEqual([]);
    const page = await api('GET', `/v1/locations/${locationId}/payments?limit=1`, { token: alice });
    expect(page.body.items).toHaveLength(1);
    const next = await api('GET', `/v1/locations/${locationId}/payments?limit=1&cursor=${page.body.nextCursor}`, { token: alice });
    expect(next.body.items[0].id).not.toBe(page.body.items[0].id);
  });

  it('refunds as the exact credits in the payer’s wallet, never beyond the rest, safe under 20 concurrent requests', async () => {
    const intent = await paid({ type: 'booking', id: `booking-${randomUUID()}` });
    const before = hundredths((await balance()).balance);

    // Only admins; strangers see no location.
    expect((await refund(intent.paymentId, 'by-bob', 100, 'credits', bob)).status).toBe(403);
    expect((await refund(intent.paymentId, 'by-mallory', 100, 'credits', stranger)).status).toBe(404);
    const noKey = await api('POST', `/v1/locations/${locationId}/payments/${intent.paymentId}/refunds`, {
      token: alice,
      body: { amount: { amount: 1, currency: 'EUR' }, method: 'credits', reason: 'x' },
    });
    expect([noKey.status, noKey.body.errors]).toEqual([400, [{ field: 'Idempotency-Key', reason: expect.any(String) }]]);

    const first = await refund(intent.paymentId, 'refund-1', 300, 'credits');
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ paymentId: intent.paymentId, method: 'credits', amount: { amount: 300, currency: 'EUR' }, credits: '3.00', refundable: { amount: 600, currency: 'EUR' } });
    const replay = await refund(intent.paymentId, 'refund-1', 300, 'credits');
    expect([replay.status, replay.headers.get('idempotent-replayed'), replay.body]).toEqual([201, 'true', first.body]);
    expect((await refund(intent.paymentId, 'refund-1', 200, 'credits')).status).toBe(422);

    // 1 permanent credit per euro, as the ledger grants it from RefundIssued.
    const credited = await eventually(balance, (b) => hundredths(b.balance) === before + 300);
    expect(hundredths(credited.balance)).toBe(before + 300);
    expect(credited.lots).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'permanent', remaining: '3.00', source: 'refund' })]));
    // The wallet's history names the money refund the credits settle.
    const history = (await api('GET', `/v1/locations/${locationId}/users/bob/credits/transactions?type=CreditsGranted`, { token: bob })).body.items;
    const refundGrant = history.find((item: { data: { moneyRefund: { refundId: string } | null } }) => item.data.moneyRefund?.refundId === first.body.id);
    expect(refundGrant?.data).toMatchObject({ source: 'refund', amount: '3.00', reason: 'Refund as credits', purchaseId: null, moneyRefund: { refundId: first.body.id, paymentId: intent.paymentId } });

    const beyond = await refund(intent.paymentId, 'refund-2', 700, 'card');
    expect(beyond.status).toBe(409);
    expect(beyond.body).toMatchObject({ type: expect.stringMatching(/refund-exceeds-refundable$/), refundable: { amount: 600, currency: 'EUR' } });

    // 20 at once, 40 cents each, card and credits mixed: 800 asked, 600 left; exactly 600 is refunded.
    const racing = await Promise.all(
      Array.from({ length: 20 }, (_, i) => refund(intent.paymentId, `race-${i}`, 40, i % 2 === 0 ? 'credits' : 'card')),
    );
    const accepted = racing.filter((r) => r.status === 201);
    expect(racing.filter((r) => r.status !== 201).map((r) => r.status)).toEqual(Array(racing.length - accepted.length).fill(409));
    expect(accepted.length).toBe(15);
    expect(await paymentView(intent.paymentId)).toMatchObject({ refundable: { amount: 0, currency: 'EUR' } });

    const creditRefunds = accepted.filter((r) => r.body.method === 'credits').length;
    const expected = before + 300 + creditRefunds * 40;
    const settled = await eventually(balance, (b) => hundredths(b.balance) === expected);
    expect(hundredths(settled.balance)).toBe(expected);

    const seen = events(await readTopicFromStart(topic(), (messages) => events(messages).filter((e) => e.key === intent.paymentId && e.type === 'RefundIssued').length >= accepted.length + 1));
    const refunds = seen.filter((e) => e.key === intent.paymentId && e.type === 'RefundIssued');
    expect(refunds.reduce((sum, e) => sum + (e.data as { amount: { amount: number } }).amount.amount, 0)).toBe(900);
    for (const e of refunds) {
      const data = e.data as { method: string; credits: number; amount: { amount: number } };
      expect(data.credits).toBe(data.method === 'credits' ? data.amount.amount : 0);
    }
  });

  it('never refunds a credit purchase’s payment (R13), nor an unpaid one', async () => {
    const purchase = await paid({ type: 'credit-purchase', id: `purchase-${randomUUID()}` });
    expect(await paymentView(purchase.paymentId)).toMatchObject({ status: 'succeeded', refundable: { amount: 0 } });
    const refused = await refund(purchase.paymentId, 'final', 100, 'credits');
    expect([refused.status, refused.body.type]).toEqual([409, expect.stringMatching(/purchase-final$/)]);
    const unpaid = (await createPayment({ type: 'booking', id: `booking-${randomUUID()}` })).body;
    expect((await refund(unpaid.paymentId, 'unpaid', 100, 'card')).status).toBe(409);
  });

  it('refuses credits that could not land (credits off, payer gone) and lets the money go back to the card', async () => {
    const intent = await paid({ type: 'booking', id: `booking-${randomUUID()}` });
    await api('PATCH', `/v1/locations/${locationId}/settings`, { token: alice, body: { creditsEnabled: false } });
    try {
      const off = await refund(intent.paymentId, 'while-off', 100, 'credits');
      expect([off.status, off.body.type]).toEqual([409, expect.stringMatching(/credits-disabled$/)]);
      expect((await refund(intent.paymentId, 'to-card', 100, 'card')).status).toBe(201);
    } finally {
      await api('PATCH', `/v1/locations/${locationId}/settings`, { token: alice, body: { creditsEnabled: true } });
    }
    await api('POST', `/v1/locations/${locationId}/members`, { token: alice, body: { userId: 'erin', role: 'member' } });
    const created = await payments('POST', '/internal/payments', {
      headers: { authorization: `Bearer ${booking()}` },
      body: { locationId, payer: { ownerType: 'user', ownerId: 'erin' }, purpose: { type: 'booking', id: `booking-${randomUUID()}` }, amount: { amount: 500, currency: 'EUR' } },
    });
    const erins = { ...created.body, amount: 500, purpose: { type: 'booking' as const, id: 'b' } };
    const payload = stripeEvent('payment_intent.succeeded', erins);
    expect((await webhook(payload, signWebhook(payload))).body.outcome).toBe('applied');
    await api('DELETE', `/v1/locations/${locationId}/members/erin`, { token: alice });
    const gone = await refund(erins.paymentId, 'erin-left', 500, 'credits');
    expect([gone.status, gone.body.type]).toEqual([409, expect.stringMatching(/payer-gone$/)]);
    expect(await paymentView(erins.paymentId)).toMatchObject({ refundable: { amount: 500 } });
  });

  it('refunds a cancelled booking to the card through the internal API (services only, card only, idempotent)', async () => {
    const intent = await paid({ type: 'booking', id: `booking-${randomUUID()}` });
    const cancel = (body: unknown, token = booking()) =>
      payments('POST', `/internal/payments/${intent.paymentId}/refunds`, { headers: { authorization: `Bearer ${token}`, 'idempotency-key': 'cancel-1' }, body });
    const refunded = await cancel({ amount: { amount: 450, currency: 'EUR' }, method: 'card', reason: 'booking cancelled 48 h before' });
    expect(refunded.status).toBe(201);
    expect(refunded.body).toMatchObject({ method: 'card', credits: '0.00', stripeRefundId: expect.stringMatching(/^re_/), refundable: { amount: 450, currency: 'EUR' } });
    const again = await cancel({ amount: { amount: 450, currency: 'EUR' }, method: 'card', reason: 'booking cancelled 48 h before' });
    expect([again.status, again.body]).toEqual([201, refunded.body]);
    expect((await cancel({ amount: { amount: 450, currency: 'EUR' }, method: 'credits', reason: 'x' })).status).toBe(400);
    const asUser = internalTokens.sign({ iss: 'api-gateway', aud: 'payments', sub: 'alice' });
    expect((await cancel({ amount: { amount: 1, currency: 'EUR' }, method: 'card', reason: 'x' }, asUser)).status).toBe(403);
    expect(await paymentView(intent.paymentId)).toMatchObject({ refundable: { amount: 450, currency: 'EUR' } });
  });
});

describe('payments without Stripe settings', () => {
  it('answers card payments with 503 "card payments are not configured" and stays ready', async () => {
    const port = await freePort();
    const service = spawnApp('payments', {
      DATABASE_URL: await createTestDatabase('e2e_payments_unconfigured'),
      KAFKA_BROKERS: kafkaBrokers().join(','),
      KAFKA_TOPIC_PREFIX: `unconfigured-${randomUUID().slice(0, 8)}.`,
      INTERNAL_SECRET,
      MEMBERSHIP_URL: 'http://127.0.0.1:9',
      PORT: String(port),
      STRIPE_API_BASE: '',
      STRIPE_SECRET_KEY: '',
      STRIPE_WEBHOOK_SECRET: '',
    });
    try {
      await waitUntilReady(`http://127.0.0.1:${port}`, [service]);
      const response = await apiClient(`http://127.0.0.1:${port}`)('POST', '/internal/payments', {
        headers: { authorization: `Bearer ${serviceToken('payments', 'billing')}` },
        body: { locationId: randomUUID(), payer: { ownerType: 'user', ownerId: 'bob' }, purpose: { type: 'credit-purchase', id: 'p-1' }, amount: { amount: 900, currency: 'EUR' } },
      });
      expect(response.status).toBe(503);
      expect(response.contentType).toContain('application/problem+json');
      expect(response.body.detail).toContain('card payments are not configured');
    } finally {
      expect(await stopApp(service)).toBe(0);
    }
  });
});
