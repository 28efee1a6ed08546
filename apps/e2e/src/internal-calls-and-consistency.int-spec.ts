import { Topics } from '@credits/contracts';
import { InternalTokens } from '@credits/platform/core';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { planRequest } from './support/plan-request';
import { readTopicFromStart, type RawMessage } from './support/raw-topic-reader';
import {
  INTERNAL_SECRET,
  apiClient,
  internalTokens,
  serviceToken,
  startSystemUnderTest,
  tokenFor,
  type ApiResponse,
  type SystemUnderTest,
} from './support/system-under-test';

const CONSISTENCY_TIMEOUT = 'https://credits.example/problems/consistency-timeout';

/**
 * The services behind the gateway: reachable only with a signed internal token; a membership change
 * the ledger has not applied in time answers 503 consistency-timeout, and repeating it is safe; a
 * location keeps an admin; causation and correlation ids follow a request through Kafka.
 */
describe('internal calls, read-your-writes timeouts, the last admin, causation', () => {
  let system: SystemUnderTest;
  let api: ReturnType<typeof apiClient>;
  let ledger: ReturnType<typeof apiClient>;
  let membership: ReturnType<typeof apiClient>;
  let db: Client;
  let locationId: string;
  const operator = tokenFor('op-1', ['operator']);
  const alice = tokenFor('alice');
  const at = (path: string) => `/v1/locations/${locationId}${path}`;

  /** A membership change as a client should make it: repeated after a consistency-timeout (it is safe) until visible. */
  const settled = async (method: string, path: string, token: string, body?: unknown): Promise<ApiResponse> => {
    for (;;) {
      const response = await api(method, path, { token, body });
      if (response.status !== 503 || response.body.type !== CONSISTENCY_TIMEOUT) return response;
    }
  };
  const locationCount = async () => (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM membership.locations`)).rows[0].n;

  beforeAll(async () => {
    // A short wait, so a change the ledger cannot apply answers quickly.
    system = await startSystemUnderTest('e2e-internal', { 'api-gateway': { READ_YOUR_WRITES_TIMEOUT_MS: '1500' } });
    api = apiClient(system.gatewayUrl);
    ledger = apiClient(system.ledgerUrl);
    membership = apiClient(system.membershipUrl);
    db = new Client({ connectionString: system.databaseUrl });
    await db.connect();
    locationId = (await settled('POST', '/v1/locations', operator, { name: 'Mitte', currency: 'EUR', timezone: 'Europe/Berlin' })).body.id;
    expect((await settled('POST', at('/members'), operator, { userId: 'alice', role: 'admin' })).status).toBe(201);
    expect((await settled('PATCH', at('/settings'), alice, { creditsEnabled: true })).status).toBe(200);
  });

  afterAll(async () => {
    await db?.end();
    await system?.stop();
  });

  describe('the services take their caller only from a signed internal token', () => {
    const createLocation = { name: 'Forged', currency: 'EUR', timezone: 'Europe/Berlin' };
    const expired = new InternalTokens(INTERNAL_SECRET, () => Date.now() - 120_000);
    const foreign = new InternalTokens('a-secret-an-attacker-guessed-0123456789');
    const asOperator = { iss: 'api-gateway', sub: 'op-1', op: true } as const;

    it.each([
      ['no token', {}],
      ['raw x-actor-* headers', { headers: { 'x-actor-id': 'op-1', 'x-actor-roles': 'operator' } }],
      ['raw x-actor-* headers next to a valid token', { token: internalTokens.sign({ ...asOperator, aud: 'membership' }), headers: { 'x-actor-id': 'op-1' } }],
      ['a token signed with another secret', { token: foreign.sign({ ...asOperator, aud: 'membership' }) }],
      ['an expired token', { token: expired.sign({ ...asOperator, aud: 'membership' }) }],
      ['a token for another service', { token: internalTokens.sign({ ...asOperator, aud: 'ledger' }) }],
      ['the client’s own access token', { token: operator }],
    ])('membership refuses %s with 401 problem+json and changes nothing', async (_what, options) => {
      const before = await locationCount();
      const refused = await membership('POST', '/v1/locations', { ...options, body: createLocation });
      expect([refused.status, refused.contentType, refused.body.type]).toEqual([401, expect.stringContaining('application/problem+json'), expect.stringMatching(/unauthorized$/)]);
      expect(await locationCount()).toBe(before);
    });

    it('the ledger refuses unsigned callers of its public and internal API, and users on its internal API', async () => {
      const balance = `/v1/locations/${locationId}/users/alice/credits`;
      expect((await ledger('GET', balance, { headers: { 'x-actor-id': 'alice' } })).status).toBe(401);
      expect((await ledger('GET', balance, { token: foreign.sign({ iss: 'api-gateway', aud: 'ledger', sub: 'alice' }) })).status).toBe(401);
      expect((await ledger('GET', balance, { token: internalTokens.sign({ iss: 'api-gateway', aud: 'ledger', sub: 'alice' }) })).status).toBe(200);

      const spend = `/internal/v1/wallets/${encodeURIComponent(`wallet:${locationId}:user:alice`)}/spends`;
      const body = { amount: '1.00', purpose: { resourceType: 'room', reference: 'r-1' }, reason: 'room' };
      const headers = { 'idempotency-key': `k-${randomUUID()}` };
      expect((await ledger('POST', spend, { headers: { ...headers, 'x-actor-id': 'booking' }, body })).status).toBe(401);
      const asUser = await ledger('POST', spend, { token: internalTokens.sign({ iss: 'api-gateway', aud: 'ledger', sub: 'alice' }), headers, body });
      expect([asUser.status, asUser.body.detail]).toEqual([403, expect.stringMatching(/only services/)]);
      // A service gets through to the wallet (which has no credits to spend).
      expect((await ledger('POST', spend, { token: serviceToken('ledger'), headers, body })).status).toBe(409);
      expect((await ledger('GET', '/internal/membership-events/applied?ids=x&timeoutMs=0', { token: internalTokens.sign({ iss: 'api-gateway', aud: 'ledger', sub: 'alice' }) })).status).toBe(403);
    });

    it('keeps the health probes open (kubelet, the gateway)', async () => {
      expect((await ledger('GET', '/health/live')).status).toBe(200);
      expect((await membership('GET', '/health/ready')).status).toBe(200);
    });

    it('carries a user id with any printable characters to the services (inside the token)', async () => {
      const zoe = 'Zoë 山田 🚀';
      const created = await settled('POST', '/v1/locations', tokenFor(zoe, ['operator']), { name: 'Unicode', currency: 'EUR', timezone: 'Europe/Berlin' });
      expect(created.status).toBe(201);
      const recorded = await db.query<{ actor: { id: string } }>(
        `SELECT envelope->'data'->'actor' AS actor FROM membership.outbox WHERE envelope->>'key' = $1 AND envelope->>'type' = 'LocationCreated'`,
        [created.body.id],
      );
      expect(recorded.rows.map((row) => row.actor.id)).toEqual([zoe]);
    });
  });

  describe('a change the ledger has not applied in time', () => {
    /** Holds a lock the ledger's membership projection needs, as a slow or stuck consumer would, until released. */
    const blockLedgerProjection = async (): Promise<() => Promise<void>> => {
      const blocker = new Client({ connectionString: system.databaseUrl });
      await blocker.connect();
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE ledger.members IN EXCLUSIVE MODE'); // reads go on, writes wait
      return async () => {
        await blocker.query('ROLLBACK');
        await blocker.end();
      };
    };
    const grantBob = (key: string) =>
      api('POST', at('/users/bob/credits/grants'), { token: alice, headers: { 'idempotency-key': key }, body: { amount: '5.00', kind: 'permanent', reason: 'welcome' } });

    it('answers 503 consistency-timeout with Retry-After and what was made; a repeat answers the same once visible', async () => {
      const release = await blockLedgerProjection();
      let first: ApiResponse;
      let repeated: ApiResponse;
      try {
        first = await api('POST', at('/members'), { token: alice, body: { userId: 'bob', role: 'member' } });
        repeated = await api('POST', at('/members'), { token: alice, body: { userId: 'bob', role: 'member' } });
      } finally {
        await release();
      }
      const member = { locationId, userId: 'bob', role: 'member', status: 'active' };
      for (const answer of [first, repeated]) {
        expect(answer.status).toBe(503);
        expect(answer.contentType).toContain('application/problem+json');
        expect(answer.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
        expect(answer.body).toMatchObject({ type: CONSISTENCY_TIMEOUT, status: 503, detail: expect.stringMatching(/The change was made/), result: member });
      }
      // It was made (membership says so) and made once.
      expect((await api('GET', at('/members/bob'), { token: alice })).body).toMatchObject(member);
      const invited = await db.query(`SELECT 1 FROM membership.outbox WHERE envelope->>'key' = $1 AND envelope->>'type' = 'MemberInvited' AND envelope->'data'->>'userId' = 'bob'`, [locationId]);
      expect(invited.rowCount).toBe(1);

      // Once the ledger catches up, the repeat answers as the first attempt would have, and read-your-writes holds.
      const visible = await api('POST', at('/members'), { token: alice, body: { userId: 'bob', role: 'member' } });
      expect([visible.status, visible.body]).toEqual([201, member]);
      expect((await grantBob(`bob-${randomUUID()}`)).status).toBe(201);
    });

    it('lets a removal that timed out be repeated, and refuses bob afterwards', async () => {
      const release = await blockLedgerProjection();
      let first: ApiResponse;
      try {
        first = await api('DELETE', at('/members/bob'), { token: alice });
      } finally {
        await release();
      }
      expect([first.status, first.body.type, first.body.result]).toEqual([503, CONSISTENCY_TIMEOUT, { locationId, userId: 'bob', role: 'member', status: 'removed' }]);
      const repeated = await api('DELETE', at('/members/bob'), { token: alice });
      expect([repeated.status, repeated.body]).toEqual([200, { locationId, userId: 'bob', role: 'member', status: 'removed' }]);
      const refused = await grantBob(`bob-${randomUUID()}`);
      expect([refused.status, refused.body.detail]).toEqual([404, expect.stringMatching(/not a member/)]);
    });
  });

  it('answers a repeat of a company or plan change as the first call, with nothing recorded twice', async () => {
    expect((await settled('POST', at('/members'), alice, { userId: 'dana', role: 'member' })).status).toBe(201);
    const companyId = (await settled('POST', at('/companies'), alice, { name: 'Repeat Inc' })).body.id;
    const planId = (await settled('POST', at('/plans'), alice, planRequest({ name: 'Repeat' }))).body.id;
    const twice = async (method: string, path: string, body?: unknown) => {
      const first = await settled(method, at(path), alice, body);
      const second = await settled(method, at(path), alice, body);
      expect([path, second.status, second.body]).toEqual([path, first.status, first.body]);
      expect(first.status).toBeLessThan(300);
    };
    await twice('POST', `/companies/${companyId}/members`, { userId: 'dana' });
    await twice('DELETE', `/companies/${companyId}/managers/dana`);
    await twice('DELETE', `/companies/${companyId}/members/dana`);
    await twice('POST', `/companies/${companyId}/archive`);
    await twice('POST', `/plans/${planId}/archive`);
    const types = await db.query<{ type: string; n: number }>(
      `SELECT envelope->>'type' AS type, count(*)::int AS n FROM membership.outbox WHERE envelope->>'key' = $1
       AND envelope->>'type' IN ('CompanyMemberAdded', 'CompanyMemberRemoved', 'CompanyArchived', 'PlanArchived') GROUP BY 1 ORDER BY 1`,
      [locationId],
    );
    expect(types.rows).toEqual(['CompanyArchived', 'CompanyMemberAdded', 'CompanyMemberRemoved', 'PlanArchived'].map((type) => ({ type, n: 1 })));
  });

  describe('a location keeps at least one admin', () => {
    it('refuses to demote or remove the last admin (409), by themselves or an operator, and changes nothing', async () => {
      for (const [method, token, body] of [
        ['PATCH', alice, { role: 'member' }],
        ['PATCH', operator, { role: 'member' }],
        ['DELETE', alice, undefined],
        ['DELETE', operator, undefined],
      ] as const) {
        const refused = await api(method, at('/members/alice'), { token, body });
        expect([method, refused.status, refused.contentType, refused.body.type, refused.body.detail]).toEqual([
          method,
          409,
          expect.stringContaining('application/problem+json'),
          'https://credits.example/problems/last-admin',
          expect.stringMatching(/last admin/),
        ]);
      }
      expect((await api('GET', at('/members/alice'), { token: alice })).body).toMatchObject({ role: 'admin', status: 'active' });
    });

    it('lets an admin step down once another admin is there, who then is the last one', async () => {
      expect((await settled('POST', at('/members'), alice, { userId: 'carol', role: 'admin' })).status).toBe(201);
      expect((await settled('PATCH', at('/members/alice'), alice, { role: 'member' })).body).toMatchObject({ role: 'member' });
      const carol = tokenFor('carol');
      expect((await api('DELETE', at('/members/carol'), { token: carol })).status).toBe(409);
      expect((await settled('DELETE', at('/members/alice'), carol)).body).toMatchObject({ status: 'removed' });
    });
  });

  describe('causation and correlation on the Kafka headers', () => {
    const header = (message: RawMessage, name: string) => message.headers[name];
    const ofType = (messages: readonly RawMessage[], type: string) => messages.filter((m) => header(m, 'ce_type') === `credits.${type}.v1`);

    it('from an HTTP request to the membership events it records, to the ledger events they cause', async () => {
      expect((await settled('POST', at('/members'), tokenFor('carol'), { userId: 'erin', role: 'member' })).status).toBe(201);
      const planId = (await settled('POST', at('/plans'), tokenFor('carol'), planRequest({ name: 'Chain' }))).body.id;
      const correlationId = `chain-${randomUUID()}`;
      const assigned = await api('POST', at('/plan-assignments'), {
        token: tokenFor('carol'),
        headers: { 'x-correlation-id': correlationId },
        body: { holder: { type: 'user', id: 'erin' }, planId },
      });
      // Made either way; a consistency-timeout answers with the same headers.
      expect([201, 503]).toContain(assigned.status);
      const requestId = assigned.headers.get('x-request-id')!;
      expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(assigned.headers.get('x-correlation-id')).toBe(correlationId);

      const membershipTopic = await readTopicFromStart(`${system.namespace}${Topics.membership}`, (seen) => ofType(seen, 'PlanPeriodStarted').some((m) => header(m, 'ce_correlationid') === correlationId));
      const correlated = membershipTopic.filter((m) => header(m, 'ce_correlationid') === correlationId);
      const caused = correlated.filter((m) => header(m, 'ce_causationid') === requestId);
      expect(caused.map((m) => header(m, 'ce_type')).sort()).toEqual(['credits.PlanAssigned.v1', 'credits.PlanPeriodStarted.v1']);
      // Anything else of this correlation on the topic comes later in the chain: the grant's notification.
      for (const later of correlated.filter((m) => !caused.includes(m))) expect(header(later, 'ce_type')).toBe('credits.NotificationRequested.v1');
      const periodStarted = ofType(caused, 'PlanPeriodStarted')[0];

      const ledgerTopic = await readTopicFromStart(`${system.namespace}${Topics.ledger}`, (seen) => seen.some((m) => header(m, 'ce_causationid') === header(periodStarted, 'ce_id')));
      const granted = ledgerTopic.filter((m) => header(m, 'ce_causationid') === header(periodStarted, 'ce_id'));
      expect(granted.map((m) => [header(m, 'ce_type'), header(m, 'ce_correlationid')])).toEqual([['credits.CreditsGranted.v2', correlationId]]);
      expect(JSON.parse(granted[0].value)).toMatchObject({ source: 'plan', amount: 2000 });

      // The grant tells its owner: membership's NotificationRequested is caused by the grant, same correlation.
      const grantId = header(granted[0], 'ce_id');
      const notified = (
        await readTopicFromStart(`${system.namespace}${Topics.membership}`, (seen) => seen.some((m) => header(m, 'ce_causationid') === grantId))
      ).filter((m) => header(m, 'ce_causationid') === grantId);
      expect(notified.map((m) => [header(m, 'ce_type'), header(m, 'ce_correlationid')])).toEqual([['credits.NotificationRequested.v1', correlationId]]);

      // A ledger command from HTTP is caused by its request.
      const grant = await api('POST', at('/users/erin/credits/grants'), {
        token: tokenFor('carol'),
        headers: { 'idempotency-key': `chain-${randomUUID()}` },
        body: { amount: '1.00', kind: 'permanent', reason: 'chain' },
      });
      expect(grant.status).toBe(201);
      const grantRequest = grant.headers.get('x-request-id')!;
      const direct = await readTopicFromStart(`${system.namespace}${Topics.ledger}`, (seen) => seen.some((m) => header(m, 'ce_causationid') === grantRequest));
      expect(direct.filter((m) => header(m, 'ce_causationid') === grantRequest).map((m) => header(m, 'ce_type'))).toEqual(['credits.CreditsGranted.v2']);
    });
  });
});
