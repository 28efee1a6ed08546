import { Sources, Topics, walletIdFor, type EventEnvelope } from '@credits/contracts';
import { KafkaMessageBus } from '@credits/messaging';
import { kafkaBrokers } from '@credits/test-infra';
import { randomUUID } from 'node:crypto';
import { apiClient, serviceToken, startSystemUnderTest, tokenFor, type SystemUnderTest } from './support/system-under-test';

/**
 * The ledger's internal API (as the booking service will call it) and its reactions to plan
 * periods, against the spawned services on real PostgreSQL and Kafka.
 */
describe('ledger: internal API, plan period reactions, liability report', () => {
  let system: SystemUnderTest;
  let api: ReturnType<typeof apiClient>;
  let ledger: ReturnType<typeof apiClient>;
  let bus: KafkaMessageBus;
  let locationId: string;
  const operator = tokenFor('op-1', ['operator']);
  const alice = tokenFor('alice');
  const bob = tokenFor('bob');
  const wallet = () => encodeURIComponent(walletIdFor({ locationId, ownerType: 'user', ownerId: 'bob' }));
  const internal = (path: string, key: string, body: unknown) =>
    ledger('POST', `/internal/v1/wallets/${wallet()}${path}`, { token: serviceToken('ledger'), headers: { 'idempotency-key': key }, body });
  const balance = async () => (await api('GET', `/v1/locations/${locationId}/users/bob/credits`, { token: bob })).body;
  const purpose = { resourceType: 'room', reference: 'booking-7' };

  async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
    const deadline = Date.now() + 30000;
    for (;;) {
      const value = await read();
      if (done(value) || Date.now() > deadline) return value;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  beforeAll(async () => {
    system = await startSystemUnderTest('e2e-ledger');
    api = apiClient(system.gatewayUrl);
    ledger = apiClient(system.ledgerUrl);
    bus = new KafkaMessageBus({ brokers: kafkaBrokers(), clientId: 'e2e-membership-stand-in', namespace: system.namespace });
    locationId = (await api('POST', '/v1/locations', { token: operator, body: { name: 'Mitte', currency: 'EUR', timezone: 'Europe/Berlin' } })).body.id;
    await api('POST', `/v1/locations/${locationId}/members`, { token: operator, body: { userId: 'alice', role: 'admin' } });
    await api('POST', `/v1/locations/${locationId}/members`, { token: alice, body: { userId: 'bob', role: 'member' } });
    await api('PATCH', `/v1/locations/${locationId}/settings`, { token: alice, body: { creditsEnabled: true } });
  });

  afterAll(async () => {
    await bus?.close();
    await system?.stop();
  });

  it('spends, holds, captures and refunds through the internal API, idempotently', async () => {
    const granted = await api('POST', `/v1/locations/${locationId}/users/bob/credits/grants`, {
      token: alice,
      headers: { 'idempotency-key': 'gift-30' },
      body: { amount: '30.00', kind: 'permanent', reason: 'welcome' },
    });
    expect(granted.status).toBe(201);

    const spent = await internal('/spends', 'spend-1', { amount: '12.50', purpose, reason: 'Room 2 h' });
    expect(spent.status).toBe(201);
    expect(spent.body).toMatchObject({ amount: '12.50', lots: [{ amount: '12.50' }], wallet: { balance: '17.50' } });
    const retried = await internal('/spends', 'spend-1', { amount: '12.50', purpose, reason: 'Room 2 h' });
    expect(retried.headers.get('idempotent-replayed')).toBe('true');
    expect(retried.body.spendId).toBe(spent.body.spendId);
    expect((await internal('/spends', 'spend-1', { amount: '1.00', purpose, reason: 'Room 2 h' })).status).toBe(422);

    const tooMuch = await internal('/spends', 'spend-2', { amount: '100.00', purpose, reason: 'Room all week' });
    expect(tooMuch.status).toBe(409);
    expect(tooMuch.body).toMatchObject({ shortfall: '82.50' });
    const invalid = await internal('/spends', 'spend-3', { amount: 5, purpose: { resourceType: 'boat', reference: 'x' }, reason: 'x' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['amount', 'purpose.resourceType']);

    const held = await internal('/holds', 'hold-1', { amount: '10.00', expiresAt: new Date(Date.now() + 3_600_000).toISOString(), purpose, reason: 'pending' });
    expect(held.status).toBe(201);
    expect((await balance()).balance).toBe('7.50');
    const captured = await internal(`/holds/${held.body.holdId}/capture`, 'capture-1', { amount: '6.00', reason: 'confirmed' });
    expect(captured.status).toBe(201);
    expect(captured.body).toMatchObject({ amount: '6.00', releasedAmount: '4.00', wallet: { balance: '11.50' } });

    const refunded = await internal('/refunds', 'refund-1', { holdId: held.body.holdId, reason: 'cancelled' });
    expect(refunded.status).toBe(201);
    expect(refunded.body).toMatchObject({ amount: '6.00', expiredAmount: '0.00', wallet: { balance: '17.50' } });

    const released = await internal('/holds', 'hold-2', { amount: '1.00', expiresAt: new Date(Date.now() + 3_600_000).toISOString(), purpose, reason: 'pending' });
    expect((await internal(`/holds/${released.body.holdId}/release`, 'release-1', {})).body).toMatchObject({ amount: '1.00', wallet: { balance: '17.50' } });
    expect((await ledger('POST', `/internal/v1/wallets/${wallet()}/spends`, { token: serviceToken('ledger'), body: { amount: '1.00', purpose, reason: 'x' } })).status).toBe(400);
  });

  it('grants a plan allowance, expires its leftover at the period end and rolls over up to the cap', async () => {
    const base = { locationId, actor: { type: 'system', id: 'membership' }, assignmentId: 'a-1', planId: 'plan-1', holder: { type: 'user', id: 'bob' } };
    const startsAt = new Date(Date.now() - 60_000).toISOString();
    const endsAt = new Date(Date.now() + 30 * 86_400_000).toISOString();
    const nextEndsAt = new Date(Date.now() + 60 * 86_400_000).toISOString();
    const publish = (type: string, data: object) => {
      const id = randomUUID();
      const envelope: EventEnvelope = { id, source: Sources.membership, type, version: 1, time: new Date().toISOString(), key: locationId, correlationId: id, causationId: null, data };
      return bus.publish(Topics.membership, [envelope]);
    };
    await publish('PlanPeriodStarted', {
      ...base, occurredAt: startsAt, periodId: 'period-1', startsAt, endsAt, allowance: 2000, previousPeriodId: null, rollover: { mode: 'credits', value: 1000 },
    });
    const afterStart = await eventually(balance, (b) => b.expiring === '20.00');
    expect(afterStart.lots).toContainEqual(expect.objectContaining({ kind: 'expiring', remaining: '20.00', expiresAt: endsAt, source: 'plan' }));

    const deducted = await api('POST', `/v1/locations/${locationId}/users/bob/credits/deductions`, {
      token: alice, headers: { 'idempotency-key': 'deduct-5' }, body: { amount: '5.00', kind: 'expiring', reason: 'correction' },
    });
    expect(deducted.status).toBe(201);

    await publish('PlanPeriodEnded', { ...base, occurredAt: endsAt, periodId: 'period-1', startsAt, endsAt, endedAt: endsAt });
    await eventually(balance, (b) => b.expiring === '0.00');
    await publish('PlanPeriodStarted', {
      ...base, occurredAt: endsAt, periodId: 'period-2', startsAt: endsAt, endsAt: nextEndsAt, allowance: 2000, previousPeriodId: 'period-1', rollover: { mode: 'credits', value: 1000 },
    });
    const next = await eventually(balance, (b) => b.expiring === '30.00');
    expect(next.expiring).toBe('30.00');
    expect(next.lots.filter((lot: { kind: string }) => lot.kind === 'expiring').map((lot: { source: string; remaining: string }) => [lot.source, lot.remaining])).toEqual([
      ['plan', '20.00'],
      ['rollover', '10.00'],
    ]);

    const report = await api('GET', `/v1/locations/${locationId}/credits/liability`, { token: alice });
    expect(report.status).toBe(200);
    expect(report.body.outstanding).toMatchObject({ credits: '47.50', value: { amount: 0, currency: 'EUR' }, unvaluedCredits: '47.50' });
    expect(report.body.breakage).toEqual([{ month: endsAt.slice(0, 7), credits: '15.00', value: { amount: 0, currency: 'EUR' }, unvaluedCredits: '15.00' }]);
    expect((await api('GET', `/v1/locations/${locationId}/credits/liability`, { token: bob })).status).toBe(403);
  });
});
