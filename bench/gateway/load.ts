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
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
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

/** `nextRequest` names what changes from one request to the next; autocannon's defaults (host...) stay. */
async function measure(url: string, seconds: number, nextRequest?: () => RawRequest): Promise<Measurement> {
  const setupRequest = nextRequest && ((request: RawRequest) => {
    const changes = nextRequest();
    return { ...request, ...changes, headers: { ...request.headers, ...changes.headers } };
  });
  const result = await autocannon({ url, connections: CONNECTIONS, duration: seconds, requests: [setupRequest ? { setupRequest } : {}] });
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
  const requests = wallets.members.map(({ userId, token }) => ({
    method: 'GET',
    path: `/v1/locations/${wallets.locationId}/users/${userId}/credits`,
    headers: { authorization: `Bearer ${token}` },
  }));
  let next = 0;
  return measure(gatewayUrl, seconds, () => requests[next++ % requests.length]);
}

/** The admin deducts 1.00 from each wallet in turn, every deduction with an Idempotency-Key of its own. */
export function deductions(gatewayUrl: string, wallets: Wallets, seconds: number): Promise<Measurement> {
  const body = JSON.stringify({ amount: '1.00', kind: 'any', reason: 'bench' });
  const paths = wallets.members.map(({ userId }) => `/v1/locations/${wallets.locationId}/users/${userId}/credits/deductions`);
  let next = 0;
  return measure(gatewayUrl, seconds, () => ({
    method: 'POST',
    path: paths[next++ % paths.length],
    headers: { authorization: `Bearer ${wallets.adminToken}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
    body,
  }));
}
