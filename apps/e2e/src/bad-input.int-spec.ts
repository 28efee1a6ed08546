import { spawnSync } from 'node:child_process';
import { request } from 'node:http';
import { join } from 'node:path';
import { sign } from 'jsonwebtoken';
import { Client } from 'pg';
import { planRequest } from './support/plan-request';
import { JWT_SECRET, apiClient, startSystemUnderTest, tokenFor, type ApiResponse, type SystemUnderTest } from './support/system-under-test';

interface RawRequest {
  readonly method: string;
  /** sent as is: may be absolute-form or hold percent-escapes the URL class would normalize */
  readonly target: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
}

/** HTTP without a client's help: exactly the target, headers and body bytes given (no content type added). */
function send(baseUrl: string, raw: RawRequest): Promise<ApiResponse> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, method: raw.method, path: raw.target, headers: raw.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // not JSON: keep the text
        }
        const headers = new Headers(Object.entries(res.headers).map(([name, value]) => [name, String(value)] as [string, string]));
        resolve({ status: res.statusCode ?? 0, contentType: res.headers['content-type'] ?? '', headers, body });
      });
    });
    req.on('error', reject);
    req.end(raw.body);
  });
}

const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const json = (value: unknown) => JSON.stringify(value);
/** An access token signed with the gateway's secret, with these claims (iat: now unless given). */
const tokenWith = (claims: object) => sign(claims, JWT_SECRET, { algorithm: 'HS256' });
const now = () => Math.floor(Date.now() / 1000);

/**
 * Bad input through the public API against the real services on PostgreSQL and Kafka: each answer is
 * a documented 4xx problem+json (never 5xx, never an internal address), and nothing changes.
 * Documented choices: NUL and unpaired surrogates are refused (400, field-level reason), never stored
 * altered; request bodies are JSON objects of at most 32 levels; user ids are the IdP's `sub` as is.
 */
describe('bad input: 4xx problem+json, never 5xx, nothing changed', () => {
  let system: SystemUnderTest;
  let api: ReturnType<typeof apiClient>;
  let locationId: string;
  const operator = tokenFor('op-1', ['operator']);
  const alice = tokenFor('alice'); // admin
  const bob = tokenFor('bob'); // member with 20.00 credits
  const location = (path = '') => `/v1/locations/${locationId}${path}`;
  const bobCredits = (path = '') => location(`/users/bob/credits${path}`);
  const raw = (request: RawRequest) => send(system.gatewayUrl, request);
  const jsonPost = (target: string, token: string, body: string, headers: Record<string, string> = {}) =>
    raw({ method: 'POST', target, body, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers } });

  /** What a refused request must leave as it was: every stored entity and bob's balance. */
  async function state(): Promise<Record<string, unknown>> {
    const client = new Client({ connectionString: system.databaseUrl });
    await client.connect();
    try {
      const counts = await client.query(
        `SELECT (SELECT count(*) FROM membership.locations)::int AS locations, (SELECT count(*) FROM membership.members)::int AS members,
                (SELECT count(*) FROM membership.companies)::int AS companies, (SELECT count(*) FROM membership.plans)::int AS plans,
                (SELECT count(*) FROM ledger.events)::int AS events, (SELECT count(*) FROM ledger.idempotency)::int AS answers`,
      );
      const balance = (await api('GET', bobCredits(), { token: bob })).body.balance;
      return { ...counts.rows[0], balance };
    } finally {
      await client.end();
    }
  }

  beforeAll(async () => {
    system = await startSystemUnderTest('e2e-bad-input');
    api = apiClient(system.gatewayUrl);
    locationId = (await api('POST', '/v1/locations', { token: operator, body: { name: 'Mitte', currency: 'EUR', timezone: 'Europe/Berlin' } })).body.id;
    expect((await api('POST', location('/members'), { token: operator, body: { userId: 'alice', role: 'admin' } })).status).toBe(201);
    expect((await api('POST', location('/members'), { token: alice, body: { userId: 'bob', role: 'member' } })).status).toBe(201);
    expect((await api('PATCH', location('/settings'), { token: alice, body: { creditsEnabled: true } })).status).toBe(200);
    const granted = await api('POST', bobCredits('/grants'), {
      token: alice,
      headers: { 'idempotency-key': 'welcome' },
      body: { amount: '20.00', kind: 'permanent', reason: 'Welcome' },
    });
    expect(granted.status).toBe(201);
  });

  afterAll(async () => {
    await system?.stop();
  });

  interface Case {
    readonly request: () => Promise<ApiResponse>;
    readonly status: number;
    readonly title?: string;
    /** the field-level reason, when the answer names one */
    readonly error?: { field: string; reason: string | RegExp };
  }

  const grant = (reason: unknown) => json({ amount: '5.00', kind: 'permanent', reason });
  const cases: Record<string, Case> = {
    // Issue 14, item 4: strings that cannot be stored
    'a NUL in a location name': {
      request: () => jsonPost('/v1/locations', operator, json({ name: 'Mi\u0000tte', currency: 'EUR', timezone: 'Europe/Berlin' })),
      status: 400,
      error: { field: 'name', reason: 'name must not contain NUL characters (U+0000)' },
    },
    'a lone surrogate in a location name': {
      request: () => jsonPost('/v1/locations', operator, '{"name":"Mi\\ud800tte","currency":"EUR","timezone":"Europe/Berlin"}'),
      status: 400,
      error: { field: 'name', reason: 'name must not contain unpaired UTF-16 surrogates (not valid Unicode)' },
    },
    'a NUL in a company name': {
      request: () => jsonPost(location('/companies'), alice, json({ name: 'Ac\u0000me' })),
      status: 400,
      error: { field: 'name', reason: /NUL/ },
    },
    'a NUL in a plan name': {
      request: () => jsonPost(location('/plans'), alice, json(planRequest({ name: 'Fl\u0000ex' }))),
      status: 400,
      error: { field: 'name', reason: /NUL/ },
    },
    'a NUL in a grant reason': {
      request: () => jsonPost(bobCredits('/grants'), alice, grant('Wel\u0000come'), { 'idempotency-key': 'nul-reason' }),
      status: 400,
      error: { field: 'reason', reason: 'reason must not contain NUL characters (U+0000)' },
    },
    'a lone surrogate in a grant reason': {
      request: () => jsonPost(bobCredits('/grants'), alice, '{"amount":"5.00","kind":"permanent","reason":"a\\ud800"}', { 'idempotency-key': 'surrogate-reason' }),
      status: 400,
      error: { field: 'reason', reason: /unpaired UTF-16 surrogates/ },
    },
    'a lone low surrogate in a deduction reason': {
      request: () => jsonPost(bobCredits('/deductions'), alice, '{"amount":"5.00","kind":"any","reason":"\\udc00b"}', { 'idempotency-key': 'surrogate-deduction' }),
      status: 400,
      error: { field: 'reason', reason: /unpaired UTF-16 surrogates/ },
    },
    'a NUL in a user id in a path': {
      request: () => raw({ method: 'GET', target: location('/members/a%00b'), headers: { authorization: `Bearer ${alice}` } }),
      status: 400,
      error: { field: 'userId', reason: 'userId must not contain NUL characters (U+0000)' },
    },
    'a NUL in the user id of a wallet path': {
      request: () => jsonPost(location('/users/b%00ob/credits/grants'), alice, grant('x'), { 'idempotency-key': 'nul-path' }),
      status: 400,
      error: { field: 'userId', reason: /NUL/ },
    },
    'a CR LF in a user id in a path': {
      request: () => raw({ method: 'GET', target: location('/users/bob%0D%0A/credits'), headers: { authorization: `Bearer ${alice}` } }),
      status: 400,
      error: { field: 'userId', reason: 'userId must not contain control characters' },
    },
    'a NUL in a location id': {
      request: () => raw({ method: 'GET', target: '/v1/locations/a%00b', headers: { authorization: `Bearer ${alice}` } }),
      status: 404,
    },
    'a NUL in a company id': {
      request: () => raw({ method: 'GET', target: location('/companies/a%00b/credits'), headers: { authorization: `Bearer ${alice}` } }),
      status: 404,
    },
    'a path that is not UTF-8 (an encoded lone surrogate)': {
      request: () => raw({ method: 'GET', target: location('/members/a%ED%A0%80'), headers: { authorization: `Bearer ${alice}` } }),
      status: 400,
      error: { field: 'path', reason: 'must be valid percent-encoded UTF-8' },
    },
    'a NUL in a query value': {
      request: () => raw({ method: 'GET', target: bobCredits('/transactions?cursor=a%00b'), headers: { authorization: `Bearer ${bob}` } }),
      status: 400,
      error: { field: 'cursor', reason: /NUL/ },
    },
    'JSON nested 10,000 deep in a field (20 KB)': {
      request: () => jsonPost(bobCredits('/grants'), alice, `{"amount":"5.00","kind":"permanent","reason":${nested(10_000)}}`, { 'idempotency-key': 'deep' }),
      status: 400,
      error: { field: 'body', reason: 'must not nest objects and arrays more than 32 deep' },
    },
    'JSON nested 5,000 deep in an unknown field': {
      request: () => jsonPost('/v1/locations', operator, `{"name":"Deep","currency":"EUR","timezone":"Europe/Berlin","x":${nested(5_000)}}`),
      status: 400,
      error: { field: 'body', reason: /nest/ },
    },
    'an absolute-form request target': {
      request: () => raw({ method: 'GET', target: `http://x${location()}`, headers: { authorization: `Bearer ${alice}` } }),
      status: 400,
      error: { field: 'request-target', reason: /origin form/ },
    },
    'an absolute-form target naming an internal service': {
      request: () => raw({ method: 'GET', target: `${system.ledgerUrl}${bobCredits()}`, headers: { authorization: `Bearer ${bob}` } }),
      status: 400,
      error: { field: 'request-target', reason: /origin form/ },
    },
    // Issue 14, items 4 and 6: tokens
    'a subject with CR LF': {
      request: () => raw({ method: 'GET', target: location(), headers: { authorization: `Bearer ${tokenWith({ sub: 'alice\r\nx', exp: now() + 600 })}` } }),
      status: 401,
    },
    'a subject with a NUL': {
      request: () => raw({ method: 'GET', target: location(), headers: { authorization: `Bearer ${tokenWith({ sub: 'ali\u0000ce', exp: now() + 600 })}` } }),
      status: 401,
    },
    'a subject with surrounding whitespace (not the admin alice)': {
      request: () => jsonPost(bobCredits('/grants'), tokenWith({ sub: ' alice ', exp: now() + 600 }), grant('as alice?'), { 'idempotency-key': 'padded-admin' }),
      status: 401,
    },
    'a token without exp': {
      request: () => jsonPost(bobCredits('/grants'), tokenWith({ sub: 'alice', iat: now() }), grant('forever'), { 'idempotency-key': 'no-exp' }),
      status: 401,
    },
    'a token with a 100-year exp': {
      request: () => jsonPost(bobCredits('/grants'), tokenWith({ sub: 'alice', iat: now(), exp: now() + 100 * 365 * 86400 }), grant('century'), { 'idempotency-key': 'century' }),
      status: 401,
    },
    'a token issued an hour in the future': {
      request: () => raw({ method: 'GET', target: bobCredits(), headers: { authorization: `Bearer ${tokenWith({ sub: 'bob', iat: now() + 3600, exp: now() + 7200 })}` } }),
      status: 401,
    },
    'a token not valid before an hour from now': {
      request: () => raw({ method: 'GET', target: bobCredits(), headers: { authorization: `Bearer ${tokenWith({ sub: 'bob', iat: now(), nbf: now() + 3600, exp: now() + 7200 })}` } }),
      status: 401,
    },
    // Issue 15: bodies are JSON objects, errors have proper titles and one entry per field and reason
    'a JSON body without a content type': {
      request: () => raw({ method: 'POST', target: bobCredits('/grants'), body: grant('no type'), headers: { authorization: `Bearer ${alice}`, 'idempotency-key': 'no-type' } }),
      status: 415,
      title: 'Unsupported media type',
      error: { field: 'Content-Type', reason: 'is required for a request body: application/json' },
    },
    'a JSON body sent as text (fetch with a string body)': {
      request: () =>
        raw({ method: 'POST', target: '/v1/locations', body: json({ name: 'T', currency: 'EUR', timezone: 'Europe/Berlin' }), headers: { authorization: `Bearer ${operator}`, 'content-type': 'text/plain;charset=UTF-8' } }),
      status: 415,
      error: { field: 'Content-Type', reason: 'must be application/json, not text/plain' },
    },
    'a form-urlencoded grant': {
      request: () =>
        raw({
          method: 'POST',
          target: bobCredits('/grants'),
          body: 'amount=5.00&kind=permanent&reason=form',
          headers: { authorization: `Bearer ${alice}`, 'idempotency-key': 'form', 'content-type': 'application/x-www-form-urlencoded' },
        }),
      status: 415,
      error: { field: 'Content-Type', reason: 'must be application/json, not application/x-www-form-urlencoded' },
    },
    'a body that is null': {
      request: () => jsonPost(bobCredits('/grants'), alice, 'null', { 'idempotency-key': 'null-body' }),
      status: 400,
      error: { field: 'body', reason: 'must be a JSON object, not null' },
    },
    'a body that is an array': {
      request: () => jsonPost('/v1/locations', operator, '[]'),
      status: 400,
      error: { field: 'body', reason: 'must be a JSON object, not an array' },
    },
    'a body of broken JSON': {
      request: () => jsonPost(bobCredits('/grants'), alice, '{"amount":', { 'idempotency-key': 'broken' }),
      status: 400,
      error: { field: 'body', reason: 'must be valid JSON' },
    },
    'a body over 100 KB': {
      request: () => jsonPost('/v1/locations', operator, json({ name: 'x'.repeat(150_000), currency: 'EUR', timezone: 'Europe/Berlin' })),
      status: 413,
      title: 'Payload too large',
    },
    'an unknown route': {
      request: () => raw({ method: 'GET', target: '/v1/nothing-here', headers: { authorization: `Bearer ${alice}` } }),
      status: 404,
      title: 'Not found',
    },
  };

  it.each(Object.entries(cases))('%s', async (_, { request, status, title, error }) => {
    const before = await state();
    const response = await request();
    expect(response.status).toBe(status);
    expect(response.contentType).toContain('application/problem+json');
    expect(response.body).toMatchObject({ status, title: expect.any(String), instance: expect.any(String), correlationId: expect.any(String) });
    expect(response.body.title).not.toMatch(/^(Http|NotFound|BadRequest)$/);
    if (title) expect(response.body.title).toBe(title);
    if (error) expect(response.body.errors).toEqual([{ field: error.field, reason: typeof error.reason === 'string' ? error.reason : expect.stringMatching(error.reason) }]);
    const text = JSON.stringify(response.body);
    for (const internal of [system.ledgerUrl, system.membershipUrl]) expect(text).not.toContain(new URL(internal).host);
    expect(await state()).toEqual(before);
  });

  it('lists one entry per field: a name that is not a string is not also "too short"', async () => {
    const response = await api('POST', '/v1/locations', { token: operator, body: { name: 5, currency: 'EUR', timezone: 'Europe/Berlin' } });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([{ field: 'name', reason: 'name must be a string' }]);
  });

  it('answers ledger refusals, first and replayed, with instance and correlation id', async () => {
    const overdraw = () =>
      api('POST', bobCredits('/deductions'), {
        token: alice,
        headers: { 'idempotency-key': 'overdraw', 'x-correlation-id': 'corr-overdraw' },
        body: { amount: '25.00', kind: 'any', reason: 'too much' },
      });
    const first = await overdraw();
    expect(first.status).toBe(409);
    expect(first.contentType).toContain('application/problem+json');
    expect(first.body).toMatchObject({ shortfall: '5.00', instance: bobCredits('/deductions'), correlationId: 'corr-overdraw' });
    const replay = await overdraw();
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body).toEqual(first.body);
  });

  // Issue 18 (schemathesis leftovers of issue 15) on membership routes
  describe('changes that say nothing, nulls, and who may archive', () => {
    let planId: string;
    let companyId: string;
    let optionId: string;
    const patch = (target: string, body?: string) =>
      raw({ method: 'PATCH', target, body, headers: { authorization: `Bearer ${alice}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) } });

    beforeAll(async () => {
      planId = (await api('POST', location('/plans'), { token: alice, body: planRequest({ name: 'Nulls' }) })).body.id;
      companyId = (await api('POST', location('/companies'), { token: alice, body: { name: 'Gone' } })).body.id;
      optionId = (await api('POST', location('/credit-options'), { token: alice, body: { name: '10 credits', credits: '10.00', price: { amount: 900, currency: 'EUR' } } })).body.id;
      expect((await api('POST', location(`/companies/${companyId}/archive`), { token: alice })).status).toBe(200);
    });

    it.each([
      ['a plan, with an empty object', () => patch(location(`/plans/${planId}`), '{}'), /^nothing to change: give at least one of name, price, billingPeriod, allowance, /],
      ['a plan, with no body at all', () => patch(location(`/plans/${planId}`)), /^nothing to change: give at least one of name, /],
      ['the settings, with an empty object', () => patch(location('/settings'), '{}'), 'nothing to change: give at least one of creditsEnabled, discountAppliesToCredits'],
      ['a credit option, with no body at all', () => patch(location(`/credit-options/${optionId}`)), 'nothing to change: give at least one of name, credits, price'],
    ])('an empty PATCH of %s is 400 "nothing to change"', async (_, request, reason) => {
      const before = await state();
      const plan = (await api('GET', location(`/plans/${planId}`), { token: alice })).body;
      const refused = await request();
      expect(refused.status).toBe(400);
      expect(refused.contentType).toContain('application/problem+json');
      expect(refused.body.errors).toEqual([{ field: 'body', reason: typeof reason === 'string' ? reason : expect.stringMatching(reason) }]);
      expect((await api('GET', location(`/plans/${planId}`), { token: alice })).body).toEqual(plan);
      expect(await state()).toEqual(before);
    });

    it.each([
      ['a setting', () => patch(location('/settings'), json({ creditsEnabled: false, discountAppliesToCredits: null })), 'discountAppliesToCredits'],
      ['a plan field', () => patch(location(`/plans/${planId}`), json({ name: 'Renamed', allowance: null })), 'allowance'],
      ['a nested plan field', () => patch(location(`/plans/${planId}`), json({ rollover: { mode: 'credits', credits: null } })), 'rollover.credits'],
      ['the rollover of a new plan', () => jsonPost(location('/plans'), alice, json(planRequest({ rollover: null }))), 'rollover'],
      ['a credit option field', () => patch(location(`/credit-options/${optionId}`), json({ name: 'Cheap', price: null })), 'price'],
    ])('null for %s is 400 naming the field, and changes nothing', async (_, request, field) => {
      const before = await state();
      const settings = (await api('GET', location(), { token: alice })).body;
      const plan = (await api('GET', location(`/plans/${planId}`), { token: alice })).body;
      const options = (await api('GET', location('/credit-options'), { token: alice })).body;
      const refused = await request();
      expect(refused.status).toBe(400);
      expect((await api('GET', location('/credit-options'), { token: alice })).body).toEqual(options);
      const leaf = field.split('.').pop();
      expect(refused.body.errors).toContainEqual({ field, reason: `${leaf} must not be null: leave it out instead` });
      expect((await api('GET', location(), { token: alice })).body).toEqual(settings);
      expect((await api('GET', location(`/plans/${planId}`), { token: alice })).body).toEqual(plan);
      expect(await state()).toEqual(before);
    });

    it('authorizes first: a member archiving an archived company gets 403, an admin the repeat', async () => {
      const archive = (token: string) => api('POST', location(`/companies/${companyId}/archive`), { token });
      const refused = await archive(bob);
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({ title: 'Not allowed', detail: 'only location admins can archive companies' });
      expect((await api('PATCH', location(`/companies/${companyId}`), { token: bob, body: { name: 'Mine' } })).status).toBe(403);
      const repeat = await archive(alice);
      expect(repeat.status).toBe(200);
      expect(repeat.body).toMatchObject({ id: companyId, status: 'archived' });
      expect((await api('PATCH', location(`/companies/${companyId}`), { token: alice, body: { name: 'Back' } })).status).toBe(409);
    });
  });

  describe("user ids are the identity provider's subject as is", () => {
    const subjects = {
      'an Auth0 subject': 'auth0|64f1c2',
      'an email': 'jane.doe+credits@example.com',
      'a UUID': '0b6f4c1e-2f7a-4c55-9d8e-0f1a2b3c4d5e',
      'a Cognito subject (colon)': 'us-east-1:6b1d2c3e',
      'Latin-1 letters and a space': 'Jürgen Müller',
      'non-Latin-1 letters': '山田太郎',
      'a slash, question mark and percent sign': 'a/b?c%d',
    };

    it.each(Object.entries(subjects))('%s: added, granted to by a URL-encoded path, and reading its own wallet', async (_, userId) => {
      const added = await api('POST', location('/members'), { token: alice, body: { userId, role: 'member' } });
      expect(added.status).toBe(201);
      expect(added.body.userId).toBe(userId);
      const wallet = location(`/users/${encodeURIComponent(userId)}/credits`);
      const granted = await api('POST', `${wallet}/grants`, { token: alice, headers: { 'idempotency-key': 'hello' }, body: { amount: '3.00', kind: 'permanent', reason: 'hello' } });
      expect(granted.status).toBe(201);
      const own = await api('GET', wallet, { token: tokenFor(userId) });
      expect(own.status).toBe(200);
      expect(own.body.balance).toBe('3.00');
      expect((await api('GET', location(`/members/${encodeURIComponent(userId)}`), { token: tokenFor(userId) })).body).toMatchObject({ userId, role: 'member' });
    });

    it('compares them exactly: another case is another user', async () => {
      const upper = location(`/users/${encodeURIComponent('AUTH0|64F1C2')}/credits`);
      expect((await api('GET', upper, { token: alice })).status).toBe(404);
      expect((await api('GET', location(`/users/${encodeURIComponent('auth0|64f1c2')}/credits`), { token: tokenFor('Auth0|64f1c2') })).status).not.toBe(200);
    });

    it.each([
      ['a control character', 'tab\there', 'userId must not contain control characters'],
      ['surrounding whitespace', ' bob', 'userId must not start or end with whitespace'],
      ['256 characters', 'x'.repeat(256), 'userId must be 1-255 characters'],
    ])('refuses %s in a new member with a field-level reason', async (_, userId, reason) => {
      const before = await state();
      const refused = await api('POST', location('/members'), { token: alice, body: { userId, role: 'member' } });
      expect(refused.status).toBe(400);
      expect(refused.body.errors).toEqual([{ field: 'userId', reason }]);
      expect(await state()).toEqual(before);
    });
  });

  it('accepts the tokens `npm run token` issues (they expire)', () => {
    const issued = spawnSync(process.execPath, ['-r', './tools/register.js', 'tools/token.ts', '--sub', 'bob'], {
      cwd: join(__dirname, '..', '..', '..'),
      env: { ...process.env, JWT_SECRET },
      encoding: 'utf8',
    });
    expect(issued.status).toBe(0);
    const token = issued.stdout.trim();
    return api('GET', bobCredits(), { token }).then((own) => {
      expect(own.status).toBe(200);
      expect(own.body.balance).toBe('20.00');
    });
  });
});
