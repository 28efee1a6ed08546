import { randomUUID } from 'node:crypto';
import { apiClient, internalTokens, tokenFor, type ApiResponse } from './support/system-under-test';
import { useLocationUnderTest } from './support/location-under-test';

/**
 * Where a wallet request goes: to the gateway (which forwards to the ledger) or to the ledger itself
 * (as the gateway calls it); on the fast lane, or through Express and Nest. An `Origin` sends a
 * request down Express in the service it is sent to (its CORS case); no origin is allowed here, so it
 * adds no header to the answer.
 */
const TARGETS = ['gateway', 'ledger'] as const;
const LANES = ['fast lane', 'express'] as const;
type Target = (typeof TARGETS)[number];
type Lane = (typeof LANES)[number];
const EXPRESS_ONLY = { origin: 'https://elsewhere.example' };

interface WalletCall {
  readonly method: 'GET' | 'POST';
  /** inside the location, or from the root with a leading @ */
  readonly path: string;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  /** who calls: a user id (default: the admin, alice), or null for no token */
  readonly as?: string | null;
  readonly forged?: boolean;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const INSTANT = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g;

/** What must be equal on both lanes: status, the headers clients read, the body but for ids, instants and the twin's own name. */
function comparable(response: ApiResponse, twin: string) {
  const body = JSON.stringify(response.body)
    .replaceAll(twin, '<twin>')
    .replace(/"walletId":"[^"]*"/g, '"walletId":"<wallet>"')
    .replace(UUID, '<uuid>')
    .replace(INSTANT, '<instant>');
  return {
    status: response.status,
    contentType: response.contentType,
    idempotentReplayed: response.headers.get('idempotent-replayed'),
    retryAfter: response.headers.get('retry-after'),
    accessControl: [...response.headers.keys()].filter((name) => name.startsWith('access-control-')),
    correlationId: response.body?.correlationId === undefined || response.headers.get('x-correlation-id') === response.body.correlationId,
    requestId: /^[\w.:-]+$/.test(response.headers.get('x-request-id') ?? ''),
    body: JSON.parse(body),
  };
}

/**
 * The fast lane (serveFastLane: balances, grants and deductions ahead of Express and Nest) answers as
 * the Nest routes do, in the gateway and in the ledger. Each case runs on both lanes of each, against
 * twin wallets with the same history; the answers must be equal, and the fast-lane counter of the
 * service shows which lane answered.
 */
describe('wallet routes: the fast lane answers as Express and Nest do', () => {
  const twins = { gateway: { 'fast lane': 'gw-fast', express: 'gw-express' }, ledger: { 'fast lane': 'ledger-fast', express: 'ledger-express' } } as const;
  const location = useLocationUnderTest('e2e-fast-lane', [...Object.values(twins.gateway), ...Object.values(twins.ledger), 'member-only']);

  const cases: Array<[string, number, (twin: string) => WalletCall]> = [
    ['a grant', 201, (twin) => ({ method: 'POST', path: `/users/${twin}/credits/grants`, headers: { 'idempotency-key': `g1-${twin}` }, body: { amount: '20.00', kind: 'permanent', reason: 'welcome' } })],
    ['the same grant again (replay)', 201, (twin) => ({ method: 'POST', path: `/users/${twin}/credits/grants`, headers: { 'idempotency-key': `g1-${twin}` }, body: { amount: '20.00', kind: 'permanent', reason: 'welcome' } })],
    ['its key with another body', 422, (twin) => ({ method: 'POST', path: `/users/${twin}/credits/grants`, headers: { 'idempotency-key': `g1-${twin}` }, body: { amount: '21.00', kind: 'permanent', reason: 'welcome' } })],
    ['a deduction', 201, (twin) => ({ method: 'POST', path: `/users/${twin}/credits/deductions`, headers: { 'idempotency-key': `d1-${twin}` }, body: { amount: '5.00', kind: 'any', reason: 'coffee' } })],
    ['a deduction of more than there is', 409, (twin) => ({ method: 'POST', path: `/users/${twin}/credits/deductions`, headers: { 'idempotency-key': `d2-${twin}` }, body: { amount: '1000.00', kind: 'any', reason: 'too much' } })],
    ['a deduction by a member, not an admin', 403, (twin) => ({ method: 'POST', path: `/users/${twin}/credits/deductions`, as: 'member-only', headers: { 'idempotency-key': `d3-${twin}` }, body: { amount: '1.00', kind: 'any', reason: 'x' } })],
    ['a deduction without Idempotency-Key', 400, (twin) => ({ method: 'POST', path: `/users/${twin}/credits/deductions`, body: { amount: '1.00', kind: 'any', reason: 'x' } })],
    ['a deduction with field errors', 400, (twin) => ({ method: 'POST', path: `/users/${twin}/credits/deductions`, headers: { 'idempotency-key': `d4-${twin}` }, body: { amount: 1, extra: true } })],
    ['a body that is not JSON', 400, (twin) => ({ method: 'POST', path: `/users/${twin}/credits/grants`, headers: { 'idempotency-key': `g2-${twin}` }, body: '{"amount":' })],
    ['a body that is an array', 400, (twin) => ({ method: 'POST', path: `/users/${twin}/credits/grants`, headers: { 'idempotency-key': `g3-${twin}` }, body: '[1]' })],
    ['a body that is not JSON and no token (the body is checked first)', 400, (twin) => ({ method: 'POST', path: `/users/${twin}/credits/grants`, as: null, body: '{' })],
    ['a grant without a token', 401, (twin) => ({ method: 'POST', path: `/users/${twin}/credits/grants`, as: null, headers: { 'idempotency-key': `g4-${twin}` }, body: { amount: '1.00', kind: 'permanent', reason: 'x' } })],
    ['the balance, read by the admin', 200, (twin) => ({ method: 'GET', path: `/users/${twin}/credits` })],
    ['the balance, read by its member', 200, (twin) => ({ method: 'GET', path: `/users/${twin}/credits`, as: twin })],
    ['the balance, read by another member', 403, (twin) => ({ method: 'GET', path: `/users/${twin}/credits`, as: 'member-only' })],
    ['the balance, read by a stranger', 404, (twin) => ({ method: 'GET', path: `/users/${twin}/credits`, as: 'stranger' })],
    ['the balance with a forged token', 401, (twin) => ({ method: 'GET', path: `/users/${twin}/credits`, forged: true })],
    ['the balance of someone who is not a member', 404, () => ({ method: 'GET', path: '/users/nobody/credits' })],
    ['a company that does not exist', 404, () => ({ method: 'GET', path: '/companies/00000000-0000-4000-8000-000000000000/credits' })],
    ['a location id that is not a UUID', 404, () => ({ method: 'GET', path: '@/v1/locations/not-a-uuid/users/alice/credits' })],
  ];

  /** The call as a client sends it to the gateway, or as the gateway sends it to the ledger (an internal token for the user). */
  function send(target: Target, lane: Lane, call: WalletCall): Promise<ApiResponse> {
    const user = call.as === undefined ? 'alice' : call.as;
    const token = user === null ? undefined : target === 'gateway' ? tokenFor(user) : internalTokens.sign({ iss: 'api-gateway', aud: 'ledger', sub: user });
    const base = target === 'gateway' ? location.system.gatewayUrl : location.system.ledgerUrl;
    const path = call.path.startsWith('@') ? call.path.slice(1) : location.at(call.path);
    const headers = { ...(target === 'ledger' ? { 'x-request-id': randomUUID() } : {}), ...call.headers, ...(lane === 'express' ? EXPRESS_ONLY : {}) };
    return apiClient(base)(call.method, path, { token: token && call.forged ? `${token}x` : token, headers, body: call.body });
  }

  async function fastLaneCount(target: Target): Promise<number> {
    const url = target === 'gateway' ? location.system.gatewayMetricsUrl : location.system.ledgerUrl;
    const text = await (await fetch(`${url}/metrics`)).text();
    return text
      .split('\n')
      .filter((line) => line.startsWith('credits_http_fast_lane_requests_total{'))
      .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
  }

  describe.each(TARGETS)('%s', (target) => {
    it.each(cases)('%s (%i)', async (_, status, request) => {
      const answers = [];
      for (const lane of LANES) {
        const twin = twins[target][lane];
        const before = await fastLaneCount(target);
        answers.push(comparable(await send(target, lane, request(twin)), twin));
        expect([lane, (await fastLaneCount(target)) - before]).toEqual([lane, lane === 'fast lane' ? 1 : 0]);
      }
      const [fast, express] = answers;
      expect(fast).toEqual(express);
      expect(fast.status).toBe(status);
      expect(fast.correlationId && fast.requestId).toBe(true);
    });
  });

  it("ledger: makes the caller's request id the cause (echoed back), and refuses one that is no id, on both lanes", async () => {
    for (const lane of LANES) {
      const path = `/users/${twins.ledger[lane]}/credits`;
      const named = await send('ledger', lane, { method: 'GET', path, headers: { 'x-request-id': 'req-42' } });
      expect([lane, named.status, named.headers.get('x-request-id')]).toEqual([lane, 200, 'req-42']);
      const refused = await send('ledger', lane, { method: 'GET', path, headers: { 'x-request-id': 'two words' } });
      expect([lane, refused.status, refused.body.errors]).toEqual([lane, 400, [{ field: 'x-request-id', reason: expect.any(String) }]]);
    }
  });

  it('ends with twin wallets that hold the same credits', async () => {
    const balances = [...Object.values(twins.gateway), ...Object.values(twins.ledger)].map(async (twin) => (await location.api('GET', location.at(`/users/${twin}/credits`), { token: location.alice })).body.balance);
    expect(await Promise.all(balances)).toEqual(['15.00', '15.00', '15.00', '15.00']);
  });
});
