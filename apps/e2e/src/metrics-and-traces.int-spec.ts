import { Topics } from '@credits/contracts';
import { freePort } from '@credits/test-infra';
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { readTopicFromStart } from './support/raw-topic-reader';
import { apiClient, eventually, startSystemUnderTest, tokenFor, type AppEnvironment, type SystemUnderTest } from './support/system-under-test';

interface ReceivedSpan {
  readonly service: string;
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string;
  readonly name: string;
  /** OTLP SpanKind: 2 server, 3 client, 4 producer, 5 consumer */
  readonly kind: number;
}

interface OtlpExport {
  resourceSpans?: Array<{
    resource?: { attributes?: Array<{ key: string; value: { stringValue?: string } }> };
    scopeSpans?: Array<{ spans?: Array<{ traceId: string; spanId: string; parentSpanId?: string; name: string; kind: number }> }>;
  }>;
}

/** A tiny OTLP/HTTP (JSON) trace receiver: what a collector would get from the services. */
async function startOtlpReceiver(): Promise<{ url: string; spans: ReceivedSpan[]; close(): Promise<void> }> {
  const spans: ReceivedSpan[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.url === '/v1/traces') {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as OtlpExport;
        for (const resourceSpans of body.resourceSpans ?? []) {
          const service = resourceSpans.resource?.attributes?.find((a) => a.key === 'service.name')?.value.stringValue ?? '';
          for (const scope of resourceSpans.scopeSpans ?? []) {
            for (const span of scope.spans ?? []) spans.push({ service, traceId: span.traceId, spanId: span.spanId, parentSpanId: span.parentSpanId ?? '', name: span.name, kind: span.kind });
          }
        }
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${port}`, spans, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** The value of one sample of a Prometheus text exposition, or undefined when absent. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const labelText = line.slice(name.length + 1, line.lastIndexOf('}'));
    const found = Object.fromEntries([...labelText.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([key, value]) => found[key] === value)) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}

async function scrape(baseUrl: string): Promise<{ status: number; contentType: string; text: string }> {
  const response = await fetch(`${baseUrl}/metrics`);
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', text: await response.text() };
}

describe('operations: /metrics on every service (the gateway on its own port), one trace across gateway -> membership -> Kafka -> ledger', () => {
  let system: SystemUnderTest;
  let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>;
  let api: ReturnType<typeof apiClient>;
  const operator = tokenFor('op-1', ['operator']);
  const admin = tokenFor('tracy');

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    const tracing = { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_BSP_SCHEDULE_DELAY: '100' };
    const environment: AppEnvironment = { membership: tracing, ledger: tracing, payments: tracing, billing: tracing, booking: tracing, 'api-gateway': tracing };
    system = await startSystemUnderTest('e2e-telemetry', environment);
    api = apiClient(system.gatewayUrl);
  }, 300_000);

  afterAll(async () => {
    await system?.stop();
    await receiver?.close();
  });

  it("continues the caller's trace from the gateway to membership, into the Kafka event, and into the ledger's consumer", async () => {
    const traceId = randomBytes(16).toString('hex');
    const callerSpanId = randomBytes(8).toString('hex');
    const locationId = (await api('POST', '/v1/locations', { token: operator, body: { name: 'Traced', currency: 'EUR', timezone: 'Europe/Berlin' } })).body.id;
    const added = await api('POST', `/v1/locations/${locationId}/members`, {
      token: operator,
      body: { userId: 'tracy', role: 'admin' },
      headers: { traceparent: `00-${traceId}-${callerSpanId}-01` },
    });
    expect(added.status).toBe(201);

    const spans = await eventually(
      async () => receiver.spans.filter((span) => span.traceId === traceId),
      // Each process exports on its own schedule: the gateway's span ends last (after the ledger applied the event).
      (found) => [['api-gateway', 2], ['membership', 2], ['ledger', 5]].every(([service, kind]) => found.some((span) => span.service === service && span.kind === kind)),
    );
    const gateway = spans.find((span) => span.service === 'api-gateway' && span.kind === 2);
    const membership = spans.find((span) => span.service === 'membership' && span.kind === 2);
    const ledger = spans.find((span) => span.service === 'ledger' && span.kind === 5);
    expect(gateway).toMatchObject({ parentSpanId: callerSpanId, name: 'POST /v1/locations/:locationId/members' });
    expect(membership).toMatchObject({ parentSpanId: gateway?.spanId });
    // The ledger applies MemberInvited in a span whose parent is the membership request that recorded it.
    expect(ledger).toMatchObject({ parentSpanId: membership?.spanId, name: 'process MemberInvited' });

    // On the wire: the CloudEvents distributed-tracing extension, readable by any consumer.
    const topic = `${system.namespace}${Topics.membership}`;
    const messages = await readTopicFromStart(topic, (seen) => seen.some((m) => m.key === locationId && m.headers.ce_type === 'credits.MemberInvited.v1'));
    const invited = messages.find((m) => m.key === locationId && m.headers.ce_type === 'credits.MemberInvited.v1');
    expect(invited?.headers.ce_traceparent).toBe(`00-${traceId}-${membership?.spanId}-01`);
  });

  it('serves Prometheus metrics on every service (the gateway on METRICS_PORT): HTTP latency by route template, commands by outcome, relay, consumer and pool', async () => {
    const locationId = (await api('POST', '/v1/locations', { token: operator, body: { name: 'Measured', currency: 'EUR', timezone: 'Europe/Berlin' } })).body.id;
    await api('POST', `/v1/locations/${locationId}/members`, { token: operator, body: { userId: 'tracy', role: 'admin' } });
    expect((await api('PATCH', `/v1/locations/${locationId}/settings`, { token: admin, body: { creditsEnabled: true } })).status).toBe(200);
    const wallet = `/v1/locations/${locationId}/users/tracy/credits`;
    const grant = await api('POST', `${wallet}/grants`, { token: admin, body: { amount: '5.00', kind: 'permanent', reason: 'Welcome' }, headers: { 'idempotency-key': 'metrics-grant' } });
    expect(grant.status).toBe(201);
    const deduction = await api('POST', `${wallet}/deductions`, { token: admin, body: { amount: '9.00', kind: 'any', reason: 'Too much' }, headers: { 'idempotency-key': 'metrics-deduct' } });
    expect(deduction.status).toBe(409);

    const gateway = await scrape(system.gatewayMetricsUrl);
    expect(gateway.status).toBe(200);
    expect(gateway.contentType).toContain('text/plain');
    const grantsRoute = { service: 'api-gateway', method: 'POST', route: '/v1/locations/:locationId/users/:userId/credits/grants', status: '201' };
    expect(sample(gateway.text, 'http_server_request_duration_seconds_count', grantsRoute)).toBeGreaterThanOrEqual(1);
    // Route templates only: no raw URL (with its ids) becomes a label.
    expect(gateway.text).not.toContain(locationId);

    expect(deduction.body.type).toMatch(/\/insufficient-credits$/);
    const ledger = await scrape(system.ledgerUrl);
    expect(sample(ledger.text, 'credits_ledger_wallet_commands_total', { outcome: 'accepted', reason: '' })).toBeGreaterThanOrEqual(1);
    expect(sample(ledger.text, 'credits_ledger_wallet_commands_total', { outcome: 'rejected', reason: 'insufficient-credits' })).toBeGreaterThanOrEqual(1);
    expect(sample(ledger.text, 'credits_commands_total', { service: 'ledger', command: 'GrantCreditsCommand', outcome: 'accepted' })).toBeGreaterThanOrEqual(1);
    expect(sample(ledger.text, 'credits_consumer_messages_total', { group: 'ledger.membership-projection', result: 'handled' })).toBeGreaterThanOrEqual(1);
    expect(sample(ledger.text, 'credits_pg_pool_connections', { pool: 'ledger', state: 'total' })).toBeGreaterThanOrEqual(1);
    expect(ledger.text).toMatch(/^credits_relay_oldest_unpublished_seconds\{relay="ledger\.event-relay"\} \d/m);

    const ledgerPublished = await eventually(
      async () => sample((await scrape(system.ledgerUrl)).text, 'credits_relay_published_total', { relay: 'ledger.event-relay' }) ?? 0,
      (published) => published >= 1,
    );
    expect(ledgerPublished).toBeGreaterThanOrEqual(1);

    const membership = await scrape(system.membershipUrl);
    expect(membership.text).toMatch(/^credits_commands_total\{service="membership",command="\w+",outcome="accepted",reason=""\} [1-9]/m);
    expect(sample(membership.text, 'credits_relay_published_total', { relay: 'membership.outbox-relay' })).toBeGreaterThanOrEqual(1);
    for (const url of [system.billingUrl, system.paymentsUrl]) {
      const other = await scrape(url);
      expect([url, other.status]).toEqual([url, 200]);
      expect(other.text).toContain('http_server_request_duration_seconds');
    }
  });

  it("keeps the gateway's metrics off its public port: /metrics there is a 404 like any unknown route; the metrics port answers nothing else", async () => {
    const publicMetrics = await api('GET', '/metrics');
    expect([publicMetrics.status, publicMetrics.contentType]).toEqual([404, expect.stringContaining('application/problem+json')]);
    expect(publicMetrics.body.status).toBe(404);
    expect(JSON.stringify(publicMetrics.body)).not.toContain('http_server_request_duration_seconds');

    expect((await fetch(`${system.gatewayMetricsUrl}/v1/locations`)).status).toBe(404);
    expect((await fetch(`${system.gatewayMetricsUrl}/metrics`, { method: 'POST' })).status).toBe(404);
  });
});
