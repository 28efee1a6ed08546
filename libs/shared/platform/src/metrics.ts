import type { NextFunction, Request, Response } from 'express';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Pool } from 'pg';
import { AggregatorRegistry, Counter, Gauge, Histogram, Registry, collectDefaultMetrics, type MetricObjectWithValues, type MetricValue } from 'prom-client';

/**
 * The process's one Prometheus registry. In embedded mode every service shares it (and the
 * `service` label tells them apart), so any of its apps answers `GET /metrics` with all of them.
 */
export const metricsRegistry = new Registry();

let processMetrics = false;
/** Node's own gauges (CPU, memory, event loop delay, GC): once per process. */
function collectProcessMetrics(): void {
  if (processMetrics) return;
  processMetrics = true;
  collectDefaultMetrics({ register: metricsRegistry });
}

/** What writes observations it holds back (the fast lane's batches): called before the HTTP metrics are read. */
const heldBack = new Set<() => void>();

/** Registers `write`, called before every read of the HTTP metrics, so a scrape sees every answered request; returns its removal. */
export function writeBeforeHttpMetricsRead(write: () => void): () => void {
  heldBack.add(write);
  return () => void heldBack.delete(write);
}

const writeHeldBack = () => heldBack.forEach((write) => write());

const httpDuration = new Histogram({
  name: 'http_server_request_duration_seconds',
  help: 'HTTP requests served, by route template (never the raw URL) and status',
  labelNames: ['service', 'method', 'route', 'status'] as const,
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [metricsRegistry],
  collect: writeHeldBack,
});

/** The matched route's template (`/v1/locations/:locationId/...`), or `unmatched`: never the raw URL. */
export function routeTemplate(req: Request): string {
  return req.route ? `${req.baseUrl}${(req.route as { path: string }).path}` : 'unmatched';
}

/**
 * One histogram observation per request, labelled with the matched route's template
 * (`/v1/locations/:locationId/...`), so the label set stays bounded; requests no route matched are
 * `unmatched`.
 */
export function httpMetricsMiddleware(service: string) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    res.once('finish', () => observeHttpRequest(service, req.method, routeTemplate(req), res.statusCode, secondsSince(started)));
    next();
  };
}

const fastLaneRequests = new Counter({
  name: 'credits_http_fast_lane_requests_total',
  help: 'Requests the fast lane answered (the rest of a route went through Express and Nest), by route template and how they came (http, or thread: from another thread of the process)',
  labelNames: ['service', 'method', 'route', 'via'] as const,
  registers: [metricsRegistry],
  collect: writeHeldBack,
});

// The label child per (service, method, route, status): the hot path is a map lookup.
const httpChildren = new Map<string, ReturnType<typeof httpDuration.labels>>();

/** Seconds since `started`, a process.hrtime.bigint(). */
export function secondsSince(started: bigint): number {
  return Number(process.hrtime.bigint() - started) / 1e9;
}

/** Records one answered request that took `seconds`; `fastLane`: how it came, when the fast lane answered it. */
export function observeHttpRequest(service: string, method: string, route: string, status: number, seconds: number, fastLane?: 'http' | 'thread'): void {
  const key = `${service} ${method} ${route} ${status}`;
  let child = httpChildren.get(key);
  if (!child) {
    child = httpDuration.labels(service, method, route, String(status));
    httpChildren.set(key, child);
  }
  child.observe(seconds);
  if (fastLane) fastLaneRequests.labels(service, method, route, fastLane).inc();
}

/** Metrics another thread of the process keeps (embedded mode: the gateway's), as `getMetricsAsJSON` gives them. */
export type MetricsSource = () => Promise<MetricObjectWithValues<MetricValue<string>>[]>;

/** Handler of `GET /metrics` (Prometheus text format): an Express route, or the metrics server's. */
export function serveMetrics(_req: IncomingMessage, res: ServerResponse, others: readonly MetricsSource[] = []): void {
  collectProcessMetrics();
  metricsText(others).then(
    (text) => res.setHeader('content-type', metricsRegistry.contentType).end(text),
    (error) => {
      res.statusCode = 500;
      res.end(String(error));
    },
  );
}

async function metricsText(others: readonly MetricsSource[]): Promise<string> {
  if (others.length === 0) return metricsRegistry.metrics();
  const parts = await Promise.all([metricsRegistry.getMetricsAsJSON(), ...others.map((source) => source())]);
  return AggregatorRegistry.aggregate(parts).metrics();
}

export interface MetricsServer {
  /** the port it listens on (the one asked for, or the free one picked for 0) */
  readonly port: number;
  close(): Promise<void>;
}

/**
 * `GET /metrics` on a port of its own, for a process whose HTTP port is public (the gateway): only
 * the cluster's monitoring reaches this one. Anything else is a bare 404. `others`: the metrics of
 * the process's other threads, answered together with this thread's.
 */
export async function startMetricsServer(port: number, others: readonly MetricsSource[] = []): Promise<MetricsServer> {
  const server = createServer((req, res) => {
    if (req.method === 'GET' && req.url?.split('?')[0] === '/metrics') return serveMetrics(req, res, others);
    res.statusCode = 404;
    res.end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

const commands = new Counter({
  name: 'credits_commands_total',
  help: 'Commands executed through a service CommandBus, by outcome (accepted, rejected with the problem type as reason, failed)',
  labelNames: ['service', 'command', 'outcome', 'reason'] as const,
  registers: [metricsRegistry],
});

const ledgerCommands = new Counter({
  name: 'credits_ledger_wallet_commands_total',
  help: "Wallet commands the ledger decided (any path: HTTP, internal API, reactions, expiry), by outcome and the refusal's problem type",
  labelNames: ['outcome', 'reason'] as const,
  registers: [metricsRegistry],
});

/** `https://.../problems/insufficient-credits` -> `insufficient-credits` (bounded: problem types are a fixed set). */
function problemReason(type: unknown): string {
  return typeof type === 'string' ? type.slice(type.lastIndexOf('/') + 1) || 'unknown' : 'unknown';
}

/** What a command's result or error says about its outcome: a 4xx problem is a rejection, anything else thrown a failure. */
export function commandOutcome(result: { value?: unknown; error?: unknown }): { outcome: string; reason: string } {
  if ('error' in result) {
    const problem = result.error as { status?: unknown; code?: unknown } | undefined;
    const status = typeof problem?.status === 'number' ? problem.status : 500;
    if (status >= 400 && status < 500) return { outcome: 'rejected', reason: problemReason(problem?.code) };
    return { outcome: 'failed', reason: 'error' };
  }
  // The ledger's handlers answer refusals as values (status + problem body) so a retry can replay them.
  const answer = result.value as { status?: unknown; body?: { type?: unknown } } | undefined;
  if (typeof answer?.status === 'number' && answer.status >= 400) return { outcome: 'rejected', reason: problemReason(answer.body?.type) };
  return { outcome: 'accepted', reason: '' };
}

/** Counts every command `bus.execute` runs, by its class name and outcome; the bus behaves as before. */
export function instrumentCommandBus(bus: { execute(command: object, ...rest: unknown[]): Promise<unknown> }, service: string): void {
  const execute = bus.execute.bind(bus);
  bus.execute = async (command: object, ...rest: unknown[]) => {
    const name = command.constructor.name;
    try {
      const value = await execute(command, ...rest);
      const { outcome, reason } = commandOutcome({ value });
      commands.inc({ service, command: name, outcome, reason });
      return value;
    } catch (error) {
      const { outcome, reason } = commandOutcome({ error });
      commands.inc({ service, command: name, outcome, reason });
      throw error;
    }
  };
}

/** The ledger's executor reports each decided command: a status of 400 or more is a refusal (the body is its problem). */
export function countLedgerCommand(answer: { status: number; body?: object; replayed?: boolean } | { error: unknown }): void {
  if ('error' in answer) {
    const { outcome, reason } = commandOutcome({ error: answer.error });
    ledgerCommands.inc({ outcome, reason });
    return;
  }
  if (answer.replayed) ledgerCommands.inc({ outcome: 'replayed', reason: '' });
  else ledgerCommands.inc(commandOutcome({ value: answer }));
}

const pools = new Map<string, Pool>();
new Gauge({
  name: 'credits_pg_pool_connections',
  help: 'PostgreSQL pool connections: total open, idle, and callers waiting for one',
  labelNames: ['pool', 'state'] as const,
  registers: [metricsRegistry],
  collect() {
    this.reset();
    for (const [name, pool] of pools) {
      this.set({ pool: name, state: 'total' }, pool.totalCount);
      this.set({ pool: name, state: 'idle' }, pool.idleCount);
      this.set({ pool: name, state: 'waiting' }, pool.waitingCount);
    }
  },
});

/** Reports the pool's usage under `name` at each scrape (a later pool of the same name replaces it). */
export function instrumentPool(pool: Pool, name: string): Pool {
  pools.set(name, pool);
  return pool;
}

const relayPublished = new Counter({
  name: 'credits_relay_published_total',
  help: 'Events a relay (event store or outbox) published to the broker',
  labelNames: ['relay'] as const,
  registers: [metricsRegistry],
});
const relayOldest = new Gauge({
  name: 'credits_relay_oldest_unpublished_seconds',
  help: "Age (from its event time) of the oldest committed event not yet published, as of the relay's last read; 0 when caught up",
  labelNames: ['relay'] as const,
  registers: [metricsRegistry],
});
const relayDelay = new Histogram({
  name: 'credits_relay_publish_delay_seconds',
  help: 'From event time to the broker accepting it',
  labelNames: ['relay'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers: [metricsRegistry],
});

function ageSeconds(time: string, now: number): number {
  // Event time can run ahead of this clock (another host, a test clock): never negative.
  return Math.max(0, (now - Date.parse(time)) / 1000);
}

/** What the relays report; `relay` names one (`<schema>.<name>`). */
export const relayMetrics = {
  /** after each read: the oldest event still to publish (the batch's first), or none */
  pending(relay: string, oldestTime: string | undefined): void {
    relayOldest.set({ relay }, oldestTime === undefined ? 0 : ageSeconds(oldestTime, Date.now()));
  },
  published(relay: string, times: readonly string[]): void {
    const now = Date.now();
    relayPublished.inc({ relay }, times.length);
    for (const time of times) relayDelay.observe({ relay }, ageSeconds(time, now));
  },
};

const consumed = new Counter({
  name: 'credits_consumer_messages_total',
  help: 'Messages a consumer group handled, by result (handled, failed: redelivered later)',
  labelNames: ['group', 'result'] as const,
  registers: [metricsRegistry],
});
const consumerDelay = new Histogram({
  name: 'credits_consumer_delivery_seconds',
  help: 'From event time to the consumer having applied it (relay + broker + handler): the lag of projections fed by this group',
  labelNames: ['group'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
  registers: [metricsRegistry],
});
const projectionLag = new Gauge({
  name: 'credits_projection_lag_seconds',
  help: 'How far behind the event time the last message a consumer group applied was (its read models trail by this much)',
  labelNames: ['group'] as const,
  registers: [metricsRegistry],
});
const offsetLag = new Gauge({
  name: 'credits_consumer_offset_lag',
  help: "Kafka messages behind the partition's high watermark after the consumer's last batch",
  labelNames: ['group', 'topic', 'partition'] as const,
  registers: [metricsRegistry],
});

export const consumerMetrics = {
  handled(group: string, eventTime: string, ok: boolean): void {
    consumed.inc({ group, result: ok ? 'handled' : 'failed' });
    if (!ok) return;
    const age = ageSeconds(eventTime, Date.now());
    consumerDelay.observe({ group }, age);
    projectionLag.set({ group }, age);
  },
  offsetLag(group: string, topic: string, partition: number, lag: number): void {
    offsetLag.set({ group, topic, partition: String(partition) }, lag);
  },
};
