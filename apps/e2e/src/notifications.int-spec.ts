import { Topics } from '@credits/contracts';
import { openEventStream, type EventStream, type StreamEvent } from './support/event-stream-client';
import { readTopicFromStart } from './support/raw-topic-reader';
import { sign } from 'jsonwebtoken';
import { JWT_SECRET, apiClient, eventually, internalTokens, serviceToken, startSystemUnderTest, tokenFor, type SystemUnderTest } from './support/system-under-test';

const data = (event: StreamEvent) => JSON.parse(event.data);
const ids = (events: readonly StreamEvent[]) => events.map((event) => event.id);

/**
 * Push notifications (R14, DESIGN 6.1): the services as separate processes on real PostgreSQL and
 * Kafka. A grant becomes a notification in membership (the owner, or a company's managers), a
 * NotificationRequested on Kafka, and a `credits-added` event on the recipient's open streams.
 */
describe('notifications: GET /v1/me/notifications (SSE)', () => {
  let system: SystemUnderTest;
  let api: ReturnType<typeof apiClient>;
  let locationId: string;
  let acme: string;
  const operator = tokenFor('op-1', ['operator']);
  const alice = tokenFor('alice'); // admin
  const bob = tokenFor('bob'); // member, manager of Acme
  const carol = tokenFor('carol'); // member of Acme, no manager
  const open: EventStream[] = [];
  const at = (path: string) => `/v1/locations/${locationId}${path}`;
  const connect = async (token: string | null, headers: Record<string, string> = {}) => {
    const stream = await openEventStream(`${system.gatewayUrl}/v1/me/notifications`, { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers });
    open.push(stream);
    return stream;
  };
  const grant = async (wallet: string, amount: string, key: string, correlationId = key) => {
    const response = await api('POST', at(`${wallet}/credits/grants`), {
      token: alice,
      headers: { 'idempotency-key': key, 'x-correlation-id': correlationId },
      body: { amount, kind: 'permanent', reason: key },
    });
    expect(response.status).toBe(201);
  };

  beforeAll(async () => {
    system = await startSystemUnderTest('e2e-notifications', { 'api-gateway': { NOTIFICATION_HEARTBEAT_MS: '200', NOTIFICATION_MAX_STREAMS_PER_USER: '5' } });
    api = apiClient(system.gatewayUrl);
    locationId = (await api('POST', '/v1/locations', { token: operator, body: { name: 'Mitte', currency: 'EUR', timezone: 'Europe/Berlin' } })).body.id;
    await api('POST', at('/members'), { token: operator, body: { userId: 'alice', role: 'admin' } });
    for (const userId of ['bob', 'carol']) await api('POST', at('/members'), { token: alice, body: { userId, role: 'member' } });
    await api('PATCH', at('/settings'), { token: alice, body: { creditsEnabled: true } });
    acme = (await api('POST', at('/companies'), { token: alice, body: { name: 'Acme' } })).body.id;
    await api('PUT', at(`/companies/${acme}/managers/bob`), { token: alice });
    expect((await api('POST', at(`/companies/${acme}/members`), { token: bob, body: { userId: 'carol' } })).status).toBe(201);
  }, 300000);

  afterAll(async () => {
    for (const stream of open) stream.close();
    await system?.stop();
  });

  it('refuses strangers (401 problem+json) and a Last-Event-ID it never sent (400), before any stream opens', async () => {
    const anonymous = await connect(null);
    expect([anonymous.status, anonymous.contentType]).toEqual([401, expect.stringContaining('application/problem+json')]);
    const forged = await connect('not-a-jwt');
    expect(forged.status).toBe(401);
    const badId = await connect(bob, { 'last-event-id': 'abc' });
    expect(badId.status).toBe(400);
    expect(JSON.parse(badId.body).errors).toEqual([{ field: 'Last-Event-ID', reason: expect.any(String) }]);
  });

  it('pushes credits-added for a grant to the caller’s wallet and to a company they manage; a plain company member is not told about the company', async () => {
    const bobStream = await connect(bob);
    const carolStream = await connect(carol);
    expect([bobStream.status, bobStream.contentType]).toEqual([200, 'text/event-stream; charset=utf-8']);

    await grant('/users/bob', '5.00', 'bob-first');
    await grant(`/companies/${acme}`, '7.50', 'acme-first');
    const received = await bobStream.until((s) => s.events.length >= 2);
    expect(received.map((event) => ({ id: event.id, event: event.event, data: data(event) }))).toEqual([
      { id: '1', event: 'credits-added', data: { locationId, wallet: { ownerType: 'user', ownerId: 'bob' }, amount: '5.00', source: 'admin' } },
      { id: '2', event: 'credits-added', data: { locationId, wallet: { ownerType: 'company', ownerId: acme }, amount: '7.50', source: 'admin' } },
    ]);

    // Carol's first notification is about her own wallet: none was made for her about Acme's.
    await grant('/users/carol', '1.25', 'carol-first');
    const carolEvents = await carolStream.until((s) => s.events.length >= 1);
    expect(carolEvents.map((event) => ({ id: event.id, data: data(event) }))).toEqual([{ id: '1', data: { locationId, wallet: { ownerType: 'user', ownerId: 'carol' }, amount: '1.25', source: 'admin' } }]);
    // Heartbeats are comment lines.
    expect(await carolStream.until((s) => s.comments.includes('heartbeat')).then(() => carolStream.comments)).toContain('heartbeat');
    bobStream.close();
    carolStream.close();
  });

  it('resumes with Last-Event-ID: exactly the missed ones first, then the live ones, none twice', async () => {
    await grant('/users/bob', '1.00', 'bob-missed-1');
    await grant(`/companies/${acme}`, '2.00', 'acme-missed-2');
    const resumed = await connect(bob, { 'last-event-id': '2' });
    await grant('/users/bob', '3.00', 'bob-live-3');
    const events = await resumed.until((s) => s.events.length >= 3);
    // Exactly the three after 2, in sequence; grants to different wallets may be numbered in either
    // order (their events travel on different partitions), those of one wallet keep theirs.
    expect(ids(events)).toEqual(['3', '4', '5']);
    const amounts = events.map((event) => data(event).amount);
    expect([...amounts].sort()).toEqual(['1.00', '2.00', '3.00']);
    expect(amounts.indexOf('1.00')).toBeLessThan(amounts.indexOf('3.00'));
    // A reconnect from further back gets the same events again, in order.
    const fromStart = await connect(bob, { 'last-event-id': '0' });
    expect(ids(await fromStart.until((s) => s.events.length >= 5))).toEqual(['1', '2', '3', '4', '5']);
    expect(ids(resumed.events)).toEqual(['3', '4', '5']);
    resumed.close();
    fromStart.close();
  });

  it('answers missed notifications internally to the gateway only, in bounded pages', async () => {
    const membership = apiClient(system.membershipUrl);
    const path = '/internal/users/bob/notifications?after=3&limit=1';
    const asGateway = await membership('GET', path, { token: serviceToken('membership', 'api-gateway') });
    expect(asGateway.status).toBe(200);
    expect(asGateway.body.notifications).toEqual([expect.objectContaining({ recipientId: 'bob', sequence: 4, kind: 'credits-added', locationId })]);
    expect((await membership('GET', path, { token: serviceToken('membership', 'booking') })).status).toBe(403);
    expect((await membership('GET', path, { token: internalTokens.sign({ iss: 'api-gateway', aud: 'membership', sub: 'bob' }) })).status).toBe(403);
    expect((await membership('GET', path)).status).toBe(401);
    const tooMany = await membership('GET', '/internal/users/bob/notifications?after=0&limit=101', { token: serviceToken('membership', 'api-gateway') });
    expect([tooMany.status, tooMany.body.errors?.[0]?.field]).toEqual([400, 'limit']);
  });

  it('publishes NotificationRequested on Kafka for a mobile push sender, with the grant’s correlation id and the CreditsGranted as cause', async () => {
    await grant('/users/carol', '4.00', 'carol-kafka', 'corr-carol-kafka');
    const granted = (await readTopicFromStart(`${system.namespace}${Topics.ledger}`, (seen) => seen.some((m) => m.headers.ce_correlationid === 'corr-carol-kafka'))).find(
      (m) => m.headers.ce_correlationid === 'corr-carol-kafka',
    );
    expect(granted?.headers.ce_type).toBe('credits.CreditsGranted.v2');
    const isCarols = (m: { headers: Record<string, string> }) => m.headers.ce_type === 'credits.NotificationRequested.v1' && m.headers.ce_correlationid === 'corr-carol-kafka';
    const seen = await readTopicFromStart(`${system.namespace}${Topics.membership}`, (messages) => messages.some(isCarols));
    const requested = seen.filter(isCarols);
    expect(requested).toHaveLength(1);
    expect(requested[0].key).toBe('notifications:carol');
    expect(requested[0].headers).toMatchObject({ ce_source: '/credits/membership', ce_causationid: granted!.headers.ce_id });
    expect(JSON.parse(requested[0].value)).toEqual({
      recipientId: 'carol',
      sequence: 2,
      kind: 'credits-added',
      locationId,
      wallet: { ownerType: 'user', ownerId: 'carol' },
      amount: 400,
      source: 'admin',
      purchaseId: null,
      occurredAt: expect.any(String),
    });
    // Acme's grants were announced to Bob, its manager, and to nobody else.
    const aboutAcme = seen.filter((m) => m.headers.ce_type === 'credits.NotificationRequested.v1' && JSON.parse(m.value).wallet.ownerId === acme);
    expect(aboutAcme.map((m) => JSON.parse(m.value).recipientId)).toEqual(['bob', 'bob']);
  });

  it('holds at most NOTIFICATION_MAX_STREAMS_PER_USER streams per user: the next is 429 until one closes', async () => {
    const dora = tokenFor('dora');
    const streams = [];
    for (let i = 0; i < 5; i++) streams.push(await connect(dora));
    expect(streams.map((stream) => stream.status)).toEqual([200, 200, 200, 200, 200]);
    const sixth = await connect(dora);
    expect([sixth.status, sixth.contentType, JSON.parse(sixth.body).type]).toEqual([429, expect.stringContaining('application/problem+json'), expect.stringMatching(/too-many-streams$/)]);
    // Another user is not counted against Dora.
    expect((await connect(tokenFor('dora2'))).status).toBe(200);
    streams[0].close();
    // The gateway notices the closed connection a moment later.
    const again = await eventually(() => connect(dora), (stream) => stream.status === 200);
    expect(again.status).toBe(200);
  });

  it('ends a stream when the token it was opened with expires', async () => {
    const shortLived = sign({ sub: 'bob', roles: [] }, JWT_SECRET, { algorithm: 'HS256', expiresIn: 2 });
    const stream = await connect(shortLived);
    expect(stream.status).toBe(200);
    await stream.ended;
  });

  it('ends open streams when the gateway shuts down, and every service exits cleanly', async () => {
    const stream = await connect(bob);
    expect(stream.status).toBe(200);
    const codes = await system.stop();
    await stream.ended;
    expect(codes).toEqual(codes.map(() => 0));
  });
});
