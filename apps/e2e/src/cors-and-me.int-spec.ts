import { freePort } from '@credits/test-infra';
import { INTERNAL_SECRET, JWT_SECRET, apiClient, spawnApp, startSystemUnderTest, stopApp, tokenFor, waitUntilReady, type SystemUnderTest } from './support/system-under-test';

const APP = 'https://app.example.com';
const DEV_SERVER = 'http://localhost:5173';
const EVIL = 'https://evil.example';

const corsHeaders = (headers: Headers) => [...headers.keys()].filter((name) => name.startsWith('access-control-'));

/**
 * What a browser app needs from the gateway, end to end on the spawned services (real PostgreSQL
 * and Kafka): CORS for the configured origins, `GET /v1/me` to learn where its user belongs, and
 * history items whose credit amounts are all decimal strings.
 */
describe('browser apps: CORS, GET /v1/me and the history format', () => {
  let system: SystemUnderTest;
  let api: ReturnType<typeof apiClient>;
  let locationId: string;
  let acme: string;
  const operator = tokenFor('op-1', ['operator']);
  const alice = tokenFor('alice'); // admin
  const bob = tokenFor('bob'); // member of Acme, allowed to use its corporate card
  const carol = tokenFor('carol'); // manager of Acme
  const dave = tokenFor('dave'); // member, no company
  const mallory = tokenFor('mallory'); // stranger
  const at = (path: string) => `/v1/locations/${locationId}${path}`;
  const me = async (token: string) => {
    const answer = await api('GET', '/v1/me', { token });
    expect(answer.status).toBe(200);
    return answer.body;
  };

  beforeAll(async () => {
    system = await startSystemUnderTest('e2e-cors-me', { 'api-gateway': { CORS_ORIGINS: `${APP},http://localhost:*` } });
    api = apiClient(system.gatewayUrl);
    locationId = (await api('POST', '/v1/locations', { token: operator, body: { name: 'Mitte', currency: 'EUR', timezone: 'Europe/Berlin' } })).body.id;
  });

  afterAll(async () => {
    await system?.stop();
  });

  describe('CORS', () => {
    const preflight = (origin: string, method: string, requestHeaders: string) =>
      fetch(`${system.gatewayUrl}${at('/users/bob/credits/grants')}`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': requestHeaders },
      });

    it('answers the preflight of an allowed origin with 204 and what a browser app may send', async () => {
      for (const origin of [APP, DEV_SERVER]) {
        const answer = await preflight(origin, 'POST', 'authorization,content-type,idempotency-key');
        expect(answer.status).toBe(204);
        expect(await answer.text()).toBe('');
        expect(answer.headers.get('access-control-allow-origin')).toBe(origin);
        expect(answer.headers.get('access-control-allow-methods')?.split(',')).toEqual(expect.arrayContaining(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']));
        const allowed = answer.headers.get('access-control-allow-headers')!.toLowerCase().split(',');
        expect(allowed).toEqual(expect.arrayContaining(['authorization', 'content-type', 'idempotency-key', 'last-event-id']));
        expect(answer.headers.get('access-control-allow-credentials')).toBeNull();
        expect(answer.headers.get('vary')).toMatch(/Origin/);
      }
    });

    it('gives another origin no CORS headers: its preflight is a 403 problem, its requests carry none', async () => {
      const refused = await preflight(EVIL, 'POST', 'authorization,content-type');
      expect(refused.status).toBe(403);
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
      expect(await refused.json()).toMatchObject({ type: expect.stringMatching(/origin-not-allowed$/), detail: expect.stringContaining(EVIL) });
      expect(corsHeaders(refused.headers)).toEqual([]);

      const read = await fetch(`${system.gatewayUrl}/v1/me`, { headers: { origin: EVIL, authorization: `Bearer ${dave}` } });
      expect(read.status).toBe(200);
      expect(corsHeaders(read.headers)).toEqual([]);
      // Not an allowed port-wildcard host either: the port is all a wildcard may vary.
      expect((await preflight('http://localhost.evil.example:5173', 'GET', 'authorization')).status).toBe(403);
    });

    it('lets an allowed origin read the answer and its headers, errors included', async () => {
      expect((await api('POST', at('/members'), { token: operator, body: { userId: 'alice', role: 'admin' } })).status).toBe(201);
      expect((await api('POST', at('/members'), { token: alice, body: { userId: 'bob', role: 'member' } })).status).toBe(201);
      expect((await api('PATCH', at('/settings'), { token: alice, body: { creditsEnabled: true } })).status).toBe(200);
      const grant = () =>
        fetch(`${system.gatewayUrl}${at('/users/bob/credits/grants')}`, {
          method: 'POST',
          headers: { origin: APP, authorization: `Bearer ${alice}`, 'content-type': 'application/json', 'idempotency-key': 'cors-welcome' },
          body: JSON.stringify({ amount: '20.00', kind: 'permanent', reason: 'Welcome' }),
        });
      expect((await grant()).status).toBe(201);
      const replayed = await grant();
      expect(replayed.status).toBe(201);
      expect(replayed.headers.get('access-control-allow-origin')).toBe(APP);
      const exposed = replayed.headers.get('access-control-expose-headers')!.toLowerCase().split(',');
      expect(exposed).toEqual(expect.arrayContaining(['idempotent-replayed', 'location']));
      expect(replayed.headers.get('idempotent-replayed')).toBe('true');

      const unauthenticated = await fetch(`${system.gatewayUrl}/v1/me`, { headers: { origin: DEV_SERVER } });
      expect(unauthenticated.status).toBe(401);
      expect(unauthenticated.headers.get('access-control-allow-origin')).toBe(DEV_SERVER);
    });
  });

  describe('GET /v1/me', () => {
    it('tells an operator apart, with no locations until they are added to one', async () => {
      expect(await me(operator)).toEqual({ userId: 'op-1', isOperator: true, locations: [] });
    });

    it('lists an admin’s location at once after they are added, and a stranger none', async () => {
      expect(await me(alice)).toEqual({ userId: 'alice', isOperator: false, locations: [{ locationId, name: 'Mitte', role: 'admin', companies: [] }] });
      expect(await me(mallory)).toEqual({ userId: 'mallory', isOperator: false, locations: [] });
      const kreuzberg = (await api('POST', '/v1/locations', { token: operator, body: { name: 'Kreuzberg', currency: 'EUR', timezone: 'Europe/Berlin' } })).body.id;
      expect((await api('POST', `/v1/locations/${kreuzberg}/members`, { token: operator, body: { userId: 'mallory', role: 'member' } })).status).toBe(201);
      // Read-your-writes: the very next request sees the new membership.
      expect((await me(mallory)).locations).toEqual([{ locationId: kreuzberg, name: 'Kreuzberg', role: 'member', companies: [] }]);
    });

    it('shows members their companies, whether they manage them and whether they may use the corporate card', async () => {
      for (const userId of ['carol', 'dave']) expect((await api('POST', at('/members'), { token: alice, body: { userId, role: 'member' } })).status).toBe(201);
      acme = (await api('POST', at('/companies'), { token: alice, body: { name: 'Acme' } })).body.id;
      expect((await api('PUT', at(`/companies/${acme}/managers/carol`), { token: alice })).status).toBe(200);
      expect((await api('POST', at(`/companies/${acme}/members`), { token: carol, body: { userId: 'bob' } })).status).toBe(201);
      expect((await me(bob)).locations).toEqual([
        { locationId, name: 'Mitte', role: 'member', companies: [{ companyId: acme, name: 'Acme', status: 'active', isManager: false, mayUseCorporateCard: false }] },
      ]);
      expect((await api('PUT', at(`/companies/${acme}/members/bob/corporate-card`), { token: carol, body: { allowed: true } })).status).toBe(200);

      expect((await me(bob)).locations[0].companies).toEqual([{ companyId: acme, name: 'Acme', status: 'active', isManager: false, mayUseCorporateCard: true }]);
      expect((await me(carol)).locations[0].companies).toEqual([{ companyId: acme, name: 'Acme', status: 'active', isManager: true, mayUseCorporateCard: true }]);
      expect((await me(dave)).locations).toEqual([{ locationId, name: 'Mitte', role: 'member', companies: [] }]);
      // An admin sees their own place, not every company of the location.
      expect((await me(alice)).locations[0].companies).toEqual([]);
    });

    it('drops a location as soon as the member is removed from it', async () => {
      expect((await api('DELETE', at('/members/dave'), { token: alice })).status).toBe(200);
      expect((await me(dave)).locations).toEqual([]);
    });

    it('asks for a token (401 problem)', async () => {
      const refused = await api('GET', '/v1/me');
      expect(refused.status).toBe(401);
      expect(refused.contentType).toContain('application/problem+json');
    });

    it('is documented as getMe with its response schema and 401', async () => {
      const docs = (await api('GET', '/docs-json')).body;
      const operation = docs.paths['/v1/me'].get;
      expect(operation.operationId).toBe('getMe');
      expect(operation.responses['200'].content['application/json'].schema.$ref).toBe('#/components/schemas/MeResponse');
      expect(operation.responses['401']).toBeDefined();
      const schemas = docs.components.schemas;
      expect(schemas.MeResponse.required).toEqual(expect.arrayContaining(['userId', 'isOperator', 'locations']));
      expect(schemas.MyLocationView.required).toEqual(expect.arrayContaining(['locationId', 'name', 'role', 'companies']));
      expect(schemas.MyCompanyView.required).toEqual(expect.arrayContaining(['companyId', 'name', 'isManager', 'mayUseCorporateCard']));
    });
  });

  describe('history', () => {
    it('writes every credit amount of an item as a decimal string, in data too', async () => {
      const deducted = await api('POST', at('/users/bob/credits/deductions'), {
        token: alice,
        headers: { 'idempotency-key': 'history-deduct' },
        body: { amount: '5.25', kind: 'any', reason: 'Correction' },
      });
      expect(deducted.status).toBe(201);
      const company = await api('POST', at(`/companies/${acme}/credits/grants`), {
        token: alice,
        headers: { 'idempotency-key': 'history-acme' },
        body: { amount: '100', kind: 'expiring', expiresAt: '2099-01-01T00:00:00Z', reason: 'Company welcome' },
      });
      expect(company.status).toBe(201);

      const history = await api('GET', at('/users/bob/credits/transactions'), { token: bob });
      expect(history.status).toBe(200);
      const [deduction, grant] = history.body.items;
      expect(deduction).toMatchObject({ type: 'CreditsDeducted', amount: '-5.25', data: { amount: '5.25', kind: 'any', lots: [{ amount: '5.25' }] } });
      expect(grant).toMatchObject({ type: 'CreditsGranted', amount: '20.00', data: { amount: '20.00', kind: 'permanent', source: 'admin', unitPrice: null, lots: [{ amount: '20.00' }] } });
      const companyItems = (await api('GET', at(`/companies/${acme}/credits/transactions`), { token: bob })).body.items;
      expect(companyItems).toEqual([
        expect.objectContaining({ type: 'CreditsGranted', amount: '100.00', data: expect.objectContaining({ amount: '100.00', kind: 'expiring', expiresAt: '2099-01-01T00:00:00.000Z' }) }),
      ]);
      const numbers: string[] = [];
      JSON.stringify([...history.body.items, ...companyItems], (key, value) => {
        if (typeof value === 'number') numbers.push(key);
        return value;
      });
      expect(numbers).toEqual([]);
    });

    it('documents each item type with its data, amounts as decimal strings', async () => {
      const schemas = (await api('GET', '/docs-json')).body.components.schemas;
      const items = schemas.TransactionsPage.properties.items.items;
      expect(items.discriminator.propertyName).toBe('type');
      expect(Object.keys(items.discriminator.mapping)).toEqual(expect.arrayContaining(['CreditsGranted', 'CreditsDeducted', 'CreditsSpent', 'CreditsRefunded', 'CreditsExpired']));
      for (const view of ['CreditsGrantedDataView', 'CreditsDeductedDataView', 'CreditsSpentDataView', 'CreditsExpiredDataView']) {
        expect([view, schemas[view].properties.amount.type]).toEqual([view, 'string']);
      }
      expect(schemas.LotAmountView.properties.amount.type).toBe('string');
      expect(schemas.CreditsHoldCapturedDataView.properties.releasedAmount.type).toBe('string');
    });
  });
});

describe('CORS configuration of the distributed gateway', () => {
  const cleared = { DATABASE_URL: '', KAFKA_BROKERS: '', JWT_JWKS_URL: '', CORS_ORIGINS: '' };

  it('allows no origin unless CORS_ORIGINS names it', async () => {
    const port = await freePort();
    // Its services are absent: a preflight is answered before anything is forwarded.
    const gateway = spawnApp('api-gateway', { ...cleared, PORT: String(port), JWT_SECRET, INTERNAL_SECRET, MEMBERSHIP_URL: `http://127.0.0.1:${await freePort()}` });
    try {
      await waitUntilReady(`http://127.0.0.1:${port}`, [gateway], 60000, '/health/live');
      const answer = await fetch(`http://127.0.0.1:${port}/v1/me`, { method: 'OPTIONS', headers: { origin: DEV_SERVER, 'access-control-request-method': 'GET' } });
      expect(answer.status).toBe(403);
      expect(corsHeaders(answer.headers)).toEqual([]);
    } finally {
      await stopApp(gateway);
    }
  });

  it('refuses to start with an entry that is not an origin', async () => {
    const gateway = spawnApp('api-gateway', { ...cleared, JWT_SECRET, INTERNAL_SECRET, CORS_ORIGINS: 'https://app.example.com,localhost:3000' });
    const code = await new Promise<number | null>((resolve) => gateway.child.once('exit', resolve));
    expect(code).toBe(1);
    expect(gateway.output.join('')).toContain('CORS_ORIGINS has "localhost:3000", not an origin');
  });
});
