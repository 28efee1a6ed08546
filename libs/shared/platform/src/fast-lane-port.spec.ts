import { MessageChannel } from 'node:worker_threads';
import { FastLane } from './fast-lane';
import { FastLaneClient, serveFastLaneOnPort } from './fast-lane-port';
import { JsonLogger, type LogLevel } from './json-logger';
import { metricsRegistry } from './metrics';
import { Problems } from './problem-details';
import { currentContext } from './request-context';

/** The lines a logger was asked to write (`fields`: what each line carried besides its message). */
class RecordingLogger extends JsonLogger {
  readonly lines: { level: string; message: unknown }[] = [];
  readonly fields: object[] = [];
  override write(level: LogLevel, message: unknown, extra: object = {}): void {
    this.lines.push({ level, message });
    this.fields.push(extra);
  }
}

/** A lane with one route that echoes what it got, served on one end of a channel, called from the other. */
function laneAcrossThreads(logger: JsonLogger = new JsonLogger('unit', 'error')) {
  const lane = new FastLane(
    [
      {
        method: 'POST',
        path: 'v1/things/:thingId',
        handle: async ({ params, body, headers }) => {
          if (params.thingId === 'missing') throw Problems.notFound('thing missing does not exist');
          headers['idempotent-replayed'] = 'true';
          return { status: 201, body: { thingId: params.thingId, got: JSON.parse(body!.toString('utf8')), correlationId: currentContext()?.correlationId } };
        },
      },
    ],
    { service: 'unit', logger },
  );
  const { port1, port2 } = new MessageChannel();
  serveFastLaneOnPort(lane, port1);
  return { lane, client: new FastLaneClient(port2), close: () => port1.close() };
}

const post = (url: string, body: object, headers: Record<string, string> = {}) => {
  const bytes = Buffer.from(JSON.stringify(body));
  return [{ method: 'POST', url, headers: { 'content-type': 'application/json', 'content-length': String(bytes.length), ...headers } }, bytes] as const;
};

describe('fast lane across threads (embedded mode: gateway thread -> ledger)', () => {
  it('answers as over HTTP: status, headers the route set, the ids of the request, the body', async () => {
    const { client, close } = laneAcrossThreads();
    const answer = await client.call(...post('/v1/things/t%7C1', { n: 1 }, { 'x-correlation-id': 'corr-1' }));
    expect(answer).toMatchObject({ status: 201, headers: { 'idempotent-replayed': 'true', 'x-correlation-id': 'corr-1', 'content-type': 'application/json; charset=utf-8' } });
    expect(answer!.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.parse(answer!.body)).toEqual({ thingId: 't|1', got: { n: 1 }, correlationId: 'corr-1' });
    close();
  });

  it('answers a refusal as problem+json', async () => {
    const { client, close } = laneAcrossThreads();
    const answer = await client.call(...post('/v1/things/missing', {}));
    expect(answer).toMatchObject({ status: 404, headers: { 'content-type': 'application/problem+json; charset=utf-8' } });
    expect(JSON.parse(answer!.body)).toMatchObject({ detail: 'thing missing does not exist', instance: '/v1/things/missing' });
    close();
  });

  it("writes no access log line of its own: the caller's line (same correlation id) is the request's", async () => {
    const logger = new RecordingLogger('unit');
    const { lane, client, close } = laneAcrossThreads(logger);
    const [request, body] = post('/v1/things/t1', { n: 1 });
    await client.call(request, body);
    expect(logger.lines).toEqual([]);
    // the same lane over HTTP logs it (in its next batch, which a read of the metrics writes at once)
    await lane.answer(lane.match(request)!, request, async () => Buffer.from(body), 'http');
    await metricsRegistry.getMetricsAsJSON();
    expect(logger.lines).toEqual([{ level: 'info', message: 'request' }]);
    close();
  });

  it('writes the metrics and access log lines of its answers in batches: within 20 ms, before any read of the metrics, and when it stops', async () => {
    const logger = new RecordingLogger('unit');
    const { lane, close } = laneAcrossThreads(logger);
    const answerOverHttp = async (correlationId: string) => {
      const [request, body] = post('/v1/things/t1', { n: 1 }, { 'x-correlation-id': correlationId });
      await lane.answer(lane.match(request)!, request, async () => Buffer.from(body), 'http');
    };
    const count = async () => {
      const metric = await metricsRegistry.getSingleMetric('http_server_request_duration_seconds')!.get();
      const values = metric.values as ReadonlyArray<(typeof metric.values)[number] & { metricName?: string }>;
      const sample = values.find((v) => v.metricName === 'http_server_request_duration_seconds_count' && v.labels.service === 'unit' && v.labels.route === '/v1/things/:thingId');
      return sample?.value ?? 0;
    };
    const before = await count();

    await answerOverHttp('batch-1');
    await answerOverHttp('batch-2');
    expect(logger.lines).toEqual([]);
    expect(await count()).toBe(before + 2);
    expect(logger.fields).toEqual([
      { correlationId: 'batch-1', method: 'POST', path: '/v1/things/t1', status: 201, durationMs: expect.any(Number) },
      { correlationId: 'batch-2', method: 'POST', path: '/v1/things/t1', status: 201, durationMs: expect.any(Number) },
    ]);

    await answerOverHttp('batch-3');
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(logger.fields.map((line) => (line as { correlationId: string }).correlationId)).toEqual(['batch-1', 'batch-2', 'batch-3']);

    await answerOverHttp('batch-4');
    lane.stopRecording();
    expect(logger.lines).toHaveLength(4);
    expect(await count()).toBe(before + 4);
    close();
  });

  it('declines what the lane does not take (the caller then goes over HTTP)', async () => {
    const { client, close } = laneAcrossThreads();
    expect(await client.call(...post('/v1/things/t1?x=1', {}))).toBeNull();
    expect(await client.call(...post('/v1/other/t1', {}))).toBeNull();
    expect(await client.call({ method: 'GET', url: '/v1/things/t1', headers: {} }, undefined)).toBeNull();
    close();
  });

  it('fails the calls still waiting when the lane goes away', async () => {
    const { port1, port2 } = new MessageChannel();
    const client = new FastLaneClient(port2);
    const waiting = client.call(...post('/v1/things/t1', {}));
    port1.close();
    await expect(waiting).rejects.toThrow('the other thread is gone');
  });
});
