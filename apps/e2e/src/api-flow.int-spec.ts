import { Topics, fromKafkaRecord, validateEventData, walletIdFor } from '@credits/contracts';
import { ledgerEventCount } from './support/ledger-database';
import { readTopicFromStart } from './support/raw-topic-reader';
import { apiClient, startSystemUnderTest, tokenFor, type SystemUnderTest } from './support/system-under-test';

/**
 * The first slice end to end, through the public API, against real PostgreSQL and a real Kafka
 * broker: membership events reach the ledger over Kafka, ledger events leave as CloudEvents.
 */
describe('API flow: locations, members and user credits', () => {
  let system: SystemUnderTest;
  let api: ReturnType<typeof apiClient>;
  let locationId: string;
  const operator = tokenFor('op-1', ['operator']);
  const alice = tokenFor('alice'); // admin
  const bob = tokenFor('bob'); // member
  const carol = tokenFor('carol'); // another member
  const mallory = tokenFor('mallory'); // stranger
  const bobCredits = () => `/v1/locations/${locationId}/users/bob/credits`;

  const eventCount = () => ledgerEventCount(system.databaseUrl);

  beforeAll(async () => {
    system = await startSystemUnderTest('e2e-api');
    api = apiClient(system.gatewayUrl);
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('is ready once every service reaches its database and the broker', async () => {
    const ready = await api('GET', '/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.checks).toEqual({ ledger: 'up', membership: 'up', billing: 'up', payments: 'up', booking: 'up', broker: 'up' });
  });

  it('lets an operator create a location, and nobody else', async () => {
    const refused = await api('POST', '/v1/locations', { token: alice, body: { name: 'Mitte', currency: 'EUR', timezone: 'Europe/Berlin' } });
    expect(refused.status).toBe(403);
    expect(refused.contentType).toContain('application/problem+json');

    const invalid = await api('POST', '/v1/locations', { token: operator, body: { name: 'Mitte', currency: 'euro', timezone: 'Mars/Base' } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['currency', 'timezone']);

    const created = await api('POST', '/v1/locations', { token: operator, body: { name: 'Mitte', currency: 'EUR', timezone: 'Europe/Berlin' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Mitte', currency: 'EUR', creditsEnabled: false });
    locationId = created.body.id;
  });

  it('adds an admin (by the operator) and members (by the admin), and refuses members adding members', async () => {
    expect((await api('POST', `/v1/locations/${locationId}/members`, { token: operator, body: { userId: 'alice', role: 'admin' } })).status).toBe(201);
    expect((await api('POST', `/v1/locations/${locationId}/members`, { token: alice, body: { userId: 'bob', role: 'member' } })).status).toBe(201);
    expect((await api('POST', `/v1/locations/${locationId}/members`, { token: alice, body: { userId: 'carol', role: 'member' } })).status).toBe(201);
    expect((await api('POST', `/v1/locations/${locationId}/members`, { token: bob, body: { userId: 'dave', role: 'member' } })).status).toBe(403);
    // Adding an active member again is a repeat (safe after 503 consistency-timeout): the same answer, nothing new.
    const repeat = await api('POST', `/v1/locations/${locationId}/members`, { token: alice, body: { userId: 'bob', role: 'member' } });
    expect([repeat.status, repeat.body]).toEqual([201, { locationId, userId: 'bob', role: 'member', status: 'active' }]);
    const otherRole = await api('POST', `/v1/locations/${locationId}/members`, { token: alice, body: { userId: 'bob', role: 'admin' } });
    expect([otherRole.status, otherRole.body.type]).toEqual([409, expect.stringMatching(/member-exists$/)]);
  });

  it('refuses grants while credits are disabled (409), with nothing written', async () => {
    const refused = await api('POST', `${bobCredits()}/grants`, {
      token: alice,
      headers: { 'idempotency-key': 'grant-while-disabled' },
      body: { amount: '10.00', kind: 'permanent', reason: 'too early' },
    });
    expect(refused.status).toBe(409);
    expect(refused.body.type).toMatch(/credits-disabled$/);
    expect(await eventCount()).toBe(0);
  });

  it('grants once per Idempotency-Key; a retry returns the first response', async () => {
    const settings = await api('PATCH', `/v1/locations/${locationId}/settings`, { token: alice, body: { creditsEnabled: true } });
    expect(settings.status).toBe(200);
    expect(settings.body.creditsEnabled).toBe(true);

    const grant = { amount: '20.00', kind: 'permanent', reason: 'Welcome gift' };
    const first = await api('POST', `${bobCredits()}/grants`, {
      token: alice,
      headers: { 'idempotency-key': 'welcome-bob', 'x-correlation-id': 'corr-welcome-bob' },
      body: grant,
    });
    expect(first.status).toBe(201);
    expect(first.headers.get('x-correlation-id')).toBe('corr-welcome-bob');
    expect(first.body.balance).toBe('20.00');
    const retry = await api('POST', `${bobCredits()}/grants`, { token: alice, headers: { 'idempotency-key': 'welcome-bob' }, body: grant });
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await eventCount()).toBe(1);

    const reused = await api('POST', `${bobCredits()}/grants`, {
      token: alice,
      headers: { 'idempotency-key': 'welcome-bob' },
      body: { ...grant, amount: '99.00' },
    });
    expect(reused.status).toBe(422);
    expect(await eventCount()).toBe(1);
  });

  it('makes one effect of concurrent retries of one Idempotency-Key', async () => {
    const before = await eventCount();
    const responses = await Promise.all(
      Array.from({ length: 10 }, () =>
        api('POST', `${bobCredits()}/grants`, {
          token: alice,
          headers: { 'idempotency-key': 'concurrent-bonus' },
          body: { amount: '1.00', kind: 'permanent', reason: 'bonus' },
        }),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(201));
    for (const response of responses) expect(response.body).toEqual(responses[0].body);
    expect(await eventCount()).toBe(before + 1);
    // Take the bonus back so the balances below stay round.
    const undo = await api('POST', `${bobCredits()}/deductions`, {
      token: alice,
      headers: { 'idempotency-key': 'undo-concurrent-bonus' },
      body: { amount: '1.00', kind: 'permanent', reason: 'undo bonus' },
    });
    expect(undo.body.balance).toBe('20.00');
  });

  it('lets the member read their balance, and refuses other members, strangers and anonymous callers', async () => {
    const own = await api('GET', bobCredits(), { token: bob });
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ balance: '20.00', permanent: '20.00', expiring: '0.00' });
    // The undo deduction took from the oldest permanent lot first (R7).
    expect(own.body.lots).toEqual([
      expect.objectContaining({ kind: 'permanent', remaining: '19.00', expiresAt: null, source: 'admin' }),
      expect.objectContaining({ kind: 'permanent', remaining: '1.00', expiresAt: null, source: 'admin' }),
    ]);

    expect((await api('GET', bobCredits(), { token: alice })).status).toBe(200);
    expect((await api('GET', bobCredits(), { token: carol })).status).toBe(403);
    expect((await api('GET', bobCredits(), { token: mallory })).status).toBe(404);
    const anonymous = await api('GET', bobCredits());
    expect(anonymous.status).toBe(401);
    expect(anonymous.contentType).toContain('application/problem+json');
    expect((await api('GET', bobCredits(), { token: 'not-a-jwt' })).status).toBe(401);
  });

  it('refuses grants by members and grants to non-members', async () => {
    const byMember = await api('POST', `${bobCredits()}/grants`, {
      token: bob,
      headers: { 'idempotency-key': 'self-gift' },
      body: { amount: '5.00', kind: 'permanent', reason: 'self' },
    });
    expect(byMember.status).toBe(403);
    const toStranger = await api('POST', `/v1/locations/${locationId}/users/mallory/credits/grants`, {
      token: alice,
      headers: { 'idempotency-key': 'gift-stranger' },
      body: { amount: '5.00', kind: 'permanent', reason: 'not a member' },
    });
    expect(toStranger.status).toBe(404);
    expect(toStranger.body.detail).toContain('not a member');
    expect(await eventCount()).toBe(3);
  });

  it.each([['-5'], ['abc'], ['1.234'], [0], ['0'], [5], ['5e2'], [' 5'], [null]])(
    'answers amount %p with 400 problem+json naming the field, and changes nothing',
    async (amount) => {
      const response = await api('POST', `${bobCredits()}/grants`, {
        token: alice,
        headers: { 'idempotency-key': `bad-${String(amount)}` },
        body: { amount, kind: 'permanent', reason: 'bad amount' },
      });
      expect(response.status).toBe(400);
      expect(response.contentType).toContain('application/problem+json');
      expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'amount' })]));
      expect(await eventCount()).toBe(3);
      expect((await api('GET', bobCredits(), { token: bob })).body.balance).toBe('20.00');
    },
  );

  it('requires an Idempotency-Key and valid JSON', async () => {
    const noKey = await api('POST', `${bobCredits()}/grants`, { token: alice, body: { amount: '1.00', kind: 'permanent', reason: 'x' } });
    expect(noKey.status).toBe(400);
    expect(noKey.body.errors[0].field).toBe('Idempotency-Key');
    const broken = await api('POST', `${bobCredits()}/grants`, { token: alice, headers: { 'idempotency-key': 'broken' }, body: '{"amount":' });
    expect(broken.status).toBe(400);
    expect(broken.contentType).toContain('application/problem+json');
    expect(await eventCount()).toBe(3);
  });

  it('refuses an overdrawing deduction with 409 and the shortfall, and deducts within the balance', async () => {
    const overdraw = await api('POST', `${bobCredits()}/deductions`, {
      token: alice,
      headers: { 'idempotency-key': 'deduct-too-much' },
      body: { amount: '25.00', kind: 'any', reason: 'too much' },
    });
    expect(overdraw.status).toBe(409);
    expect(overdraw.body).toMatchObject({ shortfall: '5.00', available: '20.00', requested: '25.00' });
    const deducted = await api('POST', `${bobCredits()}/deductions`, {
      token: alice,
      headers: { 'idempotency-key': 'deduct-5' },
      body: { amount: '5.00', kind: 'permanent', reason: 'no-show fee' },
    });
    expect(deducted.status).toBe(201);
    expect(deducted.body.balance).toBe('15.00');
    const expiringOnly = await api('POST', `${bobCredits()}/deductions`, {
      token: alice,
      headers: { 'idempotency-key': 'deduct-expiring' },
      body: { amount: '1.00', kind: 'expiring', reason: 'none of that kind' },
    });
    expect(expiringOnly.status).toBe(409);
    expect(expiringOnly.body.shortfall).toBe('1.00');
  });

  it('lists the history newest first with cursor pagination', async () => {
    const entries = (page: { body: { items: Array<{ type: string; amount: string }> } }) => page.body.items.map((i) => [i.type, i.amount]);
    const first = await api('GET', `${bobCredits()}/transactions?limit=2`, { token: bob });
    expect(first.status).toBe(200);
    expect(entries(first)).toEqual([
      ['CreditsDeducted', '-5.00'],
      ['CreditsDeducted', '-1.00'],
    ]);
    const second = await api('GET', `${bobCredits()}/transactions?limit=2&cursor=${first.body.nextCursor}`, { token: bob });
    expect(entries(second)).toEqual([
      ['CreditsGranted', '1.00'],
      ['CreditsGranted', '20.00'],
    ]);
    expect(second.body.nextCursor).toBeNull();
  });

  it('publishes CreditsGranted to the ledger topic as a CloudEvent keyed by wallet id', async () => {
    const seen = await readTopicFromStart(`${system.namespace}${Topics.ledger}`, (messages) => messages.length >= 4);

    const walletId = walletIdFor({ locationId, ownerType: 'user', ownerId: 'bob' });
    const granted = seen.find((m) => m.headers.ce_type === 'credits.CreditsGranted.v2');
    expect(granted).toBeDefined();
    expect(granted!.key).toBe(walletId);
    expect(granted!.headers).toMatchObject({ ce_specversion: '1.0', ce_source: '/credits/ledger', ce_subject: walletId });
    // The caller's correlation id travels from the HTTP request through the ledger into the event.
    expect(granted!.headers.ce_correlationid).toBe('corr-welcome-bob');
    const data = JSON.parse(granted!.value);
    expect(validateEventData('CreditsGranted', 1, data)).toEqual([]);
    expect(data).toMatchObject({ walletId, amount: 2000, kind: 'permanent', source: 'admin', reason: 'Welcome gift' });
    expect(fromKafkaRecord({ key: granted!.key, value: granted!.value, headers: granted!.headers }).type).toBe('CreditsGranted');
    // One key, one partition: the wallet's events arrive in the order they happened.
    expect(seen.map((m) => m.headers.ce_type)).toEqual([
      'credits.CreditsGranted.v2',
      'credits.CreditsGranted.v2',
      'credits.CreditsDeducted.v1',
      'credits.CreditsDeducted.v1',
    ]);
  });

  it('serves OpenAPI generated from the code', async () => {
    const docs = await api('GET', '/docs-json');
    expect(docs.status).toBe(200);
    expect(Object.keys(docs.body.paths)).toEqual(
      expect.arrayContaining([
        '/v1/locations',
        '/v1/locations/{locationId}/settings',
        '/v1/locations/{locationId}/members',
        '/v1/locations/{locationId}/users/{userId}/credits',
        '/v1/locations/{locationId}/users/{userId}/credits/grants',
        '/v1/locations/{locationId}/users/{userId}/credits/deductions',
        '/v1/locations/{locationId}/users/{userId}/credits/transactions',
      ]),
    );
    expect(docs.body.components.schemas.GrantCreditsRequest.required).toEqual(expect.arrayContaining(['amount', 'kind', 'reason']));
  });

  it('shuts every service down cleanly on SIGTERM', async () => {
    expect(await system.stop()).toEqual(system.services.map(() => 0));
  });
});
