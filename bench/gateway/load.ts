import { randomUUID } from 'node:crypto';
import type { Wallets } from './wallets';

// autocannon ships no types: the part of its result this benchmark reads.
interface Histogram {
  readonly average: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}
interface AutocannonResult {
  readonly requests: Histogram & { readonly total: number };
  readonly latency: Histogram;
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly duration: number;
  readonly statusCodeStats: Record<string, { count: number }>;
}
interface RawRequest {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
}
/** The part of autocannon's client this benchmark touches: the bytes of its next request. */
interface AutocannonClient {
  getRequestBuffer(): Buffer;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as (options: object) => Promise<AutocannonResult>;

export const CONNECTIONS = 64;

export interface Measurement {
  readonly requestsPerSec: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly total: number;
  /** answers that were not 2xx, and connection errors: a valid run has none */
  readonly non2xx: number;
  readonly errors: number;
  readonly statusCodes: Record<string, number>;
}

/**
 * `nextRequest` gives the bytes of each request; none: autocannon's default `GET /`.
 *
 * autocannon builds a static request once, but one that its `setupRequest` changes (a member's
 * wallet, a fresh Idempotency-Key) again for every request, at 2-3x the load generator's CPU per
 * request on the same two cores as the system (docs/gateway-performance.md, "Eleventh session").
 * Prebuilt bytes keep every row's load generator as cheap as the bare server's.
 */
async function measure(url: string, seconds: number, nextRequest?: () => Buffer): Promise<Measurement> {
  const setupClient = nextRequest && ((client: AutocannonClient) => (client.getRequestBuffer = nextRequest));
  const result = await autocannon({ url, connections: CONNECTIONS, duration: seconds, setupClient });
  return {
    // total / duration, not the mean of per-second samples (which drops the last partial second)
    requestsPerSec: Math.round(result.requests.total / result.duration),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    total: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, Number(count)])),
  };
}

export const bareRequests = (url: string, seconds: number) => measure(url, seconds);

/** Each member reads their own balance, round robin over the wallets. */
export function balanceReads(gatewayUrl: string, wallets: Wallets, seconds: number): Promise<Measurement> {
  const host = new URL(gatewayUrl).host;
  const requests = wallets.members.map(({ userId, token }) =>
    requestBytes(host, { method: 'GET', path: `/v1/locations/${wallets.locationId}/users/${userId}/credits`, headers: { authorization: `Bearer ${token}` } }),
  );
  let next = 0;
  return measure(gatewayUrl, seconds, () => requests[next++ % requests.length]);
}

/** The admin deducts 1.00 from each wallet in turn, every deduction with an Idempotency-Key of its own. */
export function deductions(gatewayUrl: string, wallets: Wallets, seconds: number): Promise<Measurement> {
  const host = new URL(gatewayUrl).host;
  const body = JSON.stringify({ amount: '1.00', kind: 'any', reason: 'bench' });
  const headers = { authorization: `Bearer ${wallets.adminToken}`, 'content-type': 'application/json', 'idempotency-key': KEY_PLACEHOLDER };
  const templates = wallets.members.map(({ userId }) =>
    requestBytes(host, { method: 'POST', path: `/v1/locations/${wallets.locationId}/users/${userId}/credits/deductions`, headers, body }),
  );
  const keyAt = templates.map((template) => template.indexOf(KEY_PLACEHOLDER));
  let next = 0;
  return measure(gatewayUrl, seconds, () => {
    const wallet = next++ % templates.length;
    // A copy per request: the socket may still hold the previous one's bytes.
    const bytes = Buffer.from(templates[wallet]);
    bytes.write(randomUUID(), keyAt[wallet], 'latin1');
    return bytes;
  });
}

/** A UUID's length, replaced by a fresh one in each request. */
const KEY_PLACEHOLDER = '00000000-0000-0000-0000-000000000000';

/** An HTTP/1.1 request's bytes, as autocannon writes them. */
function requestBytes(host: string, { method, path, headers, body }: RawRequest): Buffer {
  const lines = [`${method} ${path} HTTP/1.1`, `Host: ${host}`, 'Connection: keep-alive', ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`)];
  if (body !== undefined) lines.push(`Content-Length: ${Buffer.byteLength(body)}`);
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n${body ?? ''}`, 'utf8');
}
