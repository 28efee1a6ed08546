import { EventEmitter } from 'node:events';
import type { NextFunction, Request, Response } from 'express';
import { Histogram, Registry } from 'prom-client';
import { commandOutcome, countLedgerCommand, httpMetricsMiddleware, instrumentCommandBus, metricsRegistry, startMetricsServer } from './metrics';
import { ProblemException, Problems } from './problem-details';

async function value(name: string, labels: Record<string, string>): Promise<number | undefined> {
  const metric = (await metricsRegistry.getMetricsAsJSON()).find((m) => m.name === name);
  const found = (metric?.values ?? []).find((v) => Object.entries(labels).every(([key, expected]) => String(v.labels[key]) === expected));
  return found?.value;
}

describe('metrics', () => {
  it('labels HTTP requests with the route template, never the raw URL', async () => {
    const middleware = httpMetricsMiddleware('unit');
    const res = Object.assign(new EventEmitter(), { statusCode: 201 }) as unknown as Response;
    const req = { method: 'POST', baseUrl: '', route: { path: '/v1/locations/:locationId/members' }, originalUrl: '/v1/locations/loc-42/members' } as unknown as Request;
    const next = jest.fn() as NextFunction;
    middleware(req, res, next);
    (res as unknown as EventEmitter).emit('finish');
    expect(next).toHaveBeenCalled();
    const text = await metricsRegistry.metrics();
    expect(text).toMatch(/http_server_request_duration_seconds_count\{service="unit",method="POST",route="\/v1\/locations\/:locationId\/members",status="201"\} 1/);
    expect(text).not.toContain('loc-42');

    const unmatched = { method: 'GET', baseUrl: '', originalUrl: '/nowhere/123' } as unknown as Request;
    const res404 = Object.assign(new EventEmitter(), { statusCode: 404 }) as unknown as Response;
    middleware(unmatched, res404, next);
    (res404 as unknown as EventEmitter).emit('finish');
    expect(await metricsRegistry.metrics()).toMatch(/route="unmatched",status="404"\} 1/);
  });

  it('tells accepted commands from rejections (by problem type) and failures', () => {
    expect(commandOutcome({ value: { id: 'x' } })).toEqual({ outcome: 'accepted', reason: '' });
    expect(commandOutcome({ value: undefined })).toEqual({ outcome: 'accepted', reason: '' });
    expect(commandOutcome({ error: Problems.conflict('credits-disabled', 'Credits are off', 'no') })).toEqual({ outcome: 'rejected', reason: 'credits-disabled' });
    expect(commandOutcome({ error: ProblemException.fromDetails({ type: 'https://credits.example/problems/insufficient-credits', title: 't', status: 409 }) })).toEqual({
      outcome: 'rejected',
      reason: 'insufficient-credits',
    });
    expect(commandOutcome({ value: { status: 409, body: { type: 'https://credits.example/problems/insufficient-credits' } } })).toEqual({ outcome: 'rejected', reason: 'insufficient-credits' });
    expect(commandOutcome({ error: new Error('connection lost') })).toEqual({ outcome: 'failed', reason: 'error' });
    expect(commandOutcome({ error: Problems.unavailable('down') })).toEqual({ outcome: 'failed', reason: 'error' });
  });

  it('counts what an instrumented CommandBus executes, and leaves its results and errors as they were', async () => {
    class AddThing {}
    class RefuseThing {}
    const bus = {
      execute: async (command: object) => {
        if (command instanceof RefuseThing) throw Problems.forbidden('no');
        return 'done';
      },
    };
    instrumentCommandBus(bus, 'unit-bus');
    await expect(bus.execute(new AddThing())).resolves.toBe('done');
    await expect(bus.execute(new RefuseThing())).rejects.toThrow('no');
    expect(await value('credits_commands_total', { service: 'unit-bus', command: 'AddThing', outcome: 'accepted' })).toBe(1);
    expect(await value('credits_commands_total', { service: 'unit-bus', command: 'RefuseThing', outcome: 'rejected', reason: 'forbidden' })).toBe(1);
  });

  it("counts the ledger's decided commands: accepted, replayed, refused by reason", async () => {
    const before = (await value('credits_ledger_wallet_commands_total', { outcome: 'replayed' })) ?? 0;
    countLedgerCommand({ status: 201, body: {}, replayed: true });
    countLedgerCommand({ status: 409, body: { type: 'https://credits.example/problems/credits-disabled' }, replayed: false });
    expect(await value('credits_ledger_wallet_commands_total', { outcome: 'replayed' })).toBe(before + 1);
    expect(await value('credits_ledger_wallet_commands_total', { outcome: 'rejected', reason: 'credits-disabled' })).toBeGreaterThanOrEqual(1);
  });

  it("answers GET /metrics with the other threads' metrics merged into this one's (embedded mode: the gateway thread)", async () => {
    const middleware = httpMetricsMiddleware('here');
    const res = Object.assign(new EventEmitter(), { statusCode: 200 }) as unknown as Response;
    middleware({ method: 'GET', baseUrl: '', route: { path: '/x' } } as unknown as Request, res, jest.fn());
    (res as unknown as EventEmitter).emit('finish');
    // Another thread's registry: the same histogram name, its own service label.
    const thread = new Registry();
    new Histogram({ name: 'http_server_request_duration_seconds', help: 'h', labelNames: ['service'], buckets: [1], registers: [thread] }).labels('elsewhere').observe(0.5);
    const server = await startMetricsServer(0, [() => thread.getMetricsAsJSON()]);
    try {
      const text = await (await fetch(`http://127.0.0.1:${server.port}/metrics`)).text();
      expect(text).toMatch(/http_server_request_duration_seconds_count\{service="here",method="GET",route="\/x",status="200"\} 1/);
      expect(text).toMatch(/http_server_request_duration_seconds_count\{service="elsewhere"\} 1/);
      expect(text).toMatch(/^process_cpu_seconds_total/m);
    } finally {
      await server.close();
    }
  });
});
