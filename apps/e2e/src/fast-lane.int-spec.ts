import type { ApiResponse, RequestOptions } from './support/system-under-test';
import { tokenFor } from './support/system-under-test';
import { useLocationUnderTest } from './support/location-under-test';

/** The two ways a wallet request can go: the fast lane, or Express and Nest (a `?` sends it there in the gateway and the ledger both). */
const LANES = [
  { name: 'fast lane', twin: 'twin-fast', suffix: '' },
  { name: 'express', twin: 'twin-slow', suffix: '?' },
] as const;
type Lane = (typeof LANES)[number];

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const INSTANT = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g;

/** What must be equal on both lanes: status, the headers clients read, the body but for ids, instants and the twin's own name. */
function comparable(response: ApiResponse, lane: Lane) {
  const body = JSON.stringify(response.body)
    .replaceAll(lane.twin, '<twin>')
    .replace(/"walletId":"[^"]*"/g, '"walletId":"<wallet>"')
    .replace(UUID, '<uuid>')
    .replace(INSTANT, '<instant>')
    .replace(/\?"/g, '"'); // the instance of a problem is the path as requested
  return {
    status: response.status,
    contentType: response.contentType,
    idempotentReplayed: response.headers.get('idempotent-replayed'),
    retryAfter: response.headers.get('retry-after'),
    correlationId: response.headers.get('x-correlation-id') === response.body?.correlationId || response.body?.correlationId === undefined,
    requestId: /^[\w.:-]+$/.test(response.headers.get('x-request-id') ?? ''),
    body: JSON.parse(body),
  };
}

/**
 * The fast lane (serveFastLane: balances, grants and deductions ahead of Express and Nest, in the
 * gateway and the ledger) answers as the Nest routes do. Each case runs on both lanes, against twin
 * wallets with the same history, and the answers must be equal.
 */
describe('wallet routes: the fast lane answers as Express and Nest do', () => {
  const location = useLocationUnderTest('e2e-fast-lane', ['twin-fast', 'twin-slow', 'member-only']);
  const admin = () => location.alice;
  const stranger = tokenFor('stranger');

  const cases: Array<[string, number, (lane: Lane) => { method: string; path: string; options: RequestOptions }]> = [
    ['a grant', 201, (lane) => ({ method: 'POST', path: `/users/${lane.twin}/credits/grants`, options: { token: admin(), headers: { 'idempotency-key': `g1-${lane.twin}` }, body: { amount: '20.00', kind: 'permanent', reason: 'welcome' } } })],
    ['the same grant again (replay)', 201, (lane) => ({ method: 'POST', path: `/users/${lane.twin}/credits/grants`, options: { token: admin(), headers: { 'idempotency-key': `g1-${lane.twin}` }, body: { amount: '20.00', kind: 'permanent', reason: 'welcome' } } })],
    ['its key with another body', 422, (lane) => ({ method: 'POST', path: `/users/${lane.twin}/credits/grants`, options: { token: admin(), headers: { 'idempotency-key': `g1-${lane.twin}` }, body: { amount: '21.00', kind: 'permanent', reason: 'welcome' } } })],
    ['a deduction', 201, (lane) => ({ method: 'POST', path: `/users/${lane.twin}/credits/deductions`, options: { token: admin(), headers: { 'idempotency-key': `d1-${lane.twin}` }, body: { amount: '5.00', reason: 'coffee' } } })],
    ['a deduction of more than there is', 409, (lane) => ({ method: 'POST', path: `/users/${lane.twin}/credits/deductions`, options: { token: admin(), headers: { 'idempotency-key': `d2-${lane.twin}` }, body: { amount: '1000.00', reason: 'too much' } } })],
    ['a deduction by a member, not an admin', 403, (lane) => ({ method: 'POST', path: `/users/${lane.twin}/credits/deductions`, options: { token: tokenFor('member-only'), headers: { 'idempotency-key': `d3-${lane.twin}` }, body: { amount: '1.00', reason: 'x' } } })],
    ['a deduction without Idempotency-Key', 400, (lane) => ({ method: 'POST', path: `/users/${lane.twin}/credits/deductions`, options: { token: admin(), body: { amount: '1.00', reason: 'x' } } })],
    ['a deduction with field errors', 400, (lane) => ({ method: 'POST', path: `/users/${lane.twin}/credits/deductions`, options: { token: admin(), headers: { 'idempotency-key': `d4-${lane.twin}` }, body: { amount: 1, extra: true } } })],
    ['a body that is not JSON', 400, (lane) => ({ method: 'POST', path: `/users/${lane.twin}/credits/grants`, options: { token: admin(), headers: { 'idempotency-key': `g2-${lane.twin}` }, body: '{"amount":' } })],
    ['a body that is an array', 400, (lane) => ({ method: 'POST', path: `/users/${lane.twin}/credits/grants`, options: { token: admin(), headers: { 'idempotency-key': `g3-${lane.twin}` }, body: '[1]' } })],
    ['a body that is not JSON and no token (the body is checked first)', 400, (lane) => ({ method: 'POST', path: `/users/${lane.twin}/credits/grants`, options: { body: '{' } })],
    ['a grant without a token', 401, (lane) => ({ method: 'POST', path: `/users/${lane.twin}/credits/grants`, options: { headers: { 'idempotency-key': `g4-${lane.twin}` }, body: { amount: '1.00', kind: 'permanent', reason: 'x' } } })],
    ['the balance, read by the admin', 200, (lane) => ({ method: 'GET', path: `/users/${lane.twin}/credits`, options: { token: admin() } })],
    ['the balance, read by its member', 200, (lane) => ({ method: 'GET', path: `/users/${lane.twin}/credits`, options: { token: tokenFor(lane.twin) } })],
    ['the balance, read by another member', 403, (lane) => ({ method: 'GET', path: `/users/${lane.twin}/credits`, options: { token: tokenFor('member-only') } })],
    ['the balance, read by a stranger', 403, (lane) => ({ method: 'GET', path: `/users/${lane.twin}/credits`, options: { token: stranger } })],
    ['the balance with a forged token', 401, (lane) => ({ method: 'GET', path: `/users/${lane.twin}/credits`, options: { token: `${admin()}x` } })],
    ['the balance of someone who is not a member', 404, () => ({ method: 'GET', path: `/users/nobody/credits`, options: { token: admin() } })],
    ['a company that does not exist', 404, () => ({ method: 'GET', path: `/companies/00000000-0000-4000-8000-000000000000/credits`, options: { token: admin() } })],
    ['a location id that is not a UUID', 404, () => ({ method: 'GET', path: `@/v1/locations/not-a-uuid/users/alice/credits`, options: { token: admin() } })],
  ];

  it.each(cases)('%s (%i)', async (_, status, request) => {
    const answers = [];
    for (const lane of LANES) {
      const { method, path, options } = request(lane);
      const target = path.startsWith('@') ? path.slice(1) : location.at(path);
      answers.push(comparable(await location.api(method, `${target}${lane.suffix}`, options), lane));
    }
    const [fast, express] = answers;
    expect(fast).toEqual(express);
    expect(fast.status).toBe(status);
    expect(fast.correlationId && fast.requestId).toBe(true);
  });

  it('ends with twin wallets that hold the same credits', async () => {
    const [fast, express] = await Promise.all(LANES.map(async (lane) => (await location.api('GET', location.at(`/users/${lane.twin}/credits`), { token: admin() })).body));
    expect(fast.balance).toBe('15.00');
    expect(express.balance).toBe(fast.balance);
  });
});
