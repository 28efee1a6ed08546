import { ProblemException } from '@credits/platform/core';
import type { Request } from 'express';
import { AllowedOrigins } from './allowed-origins';
import { corsPolicy } from './cors-policy';

const policy = corsPolicy(AllowedOrigins.parse('https://app.example.com'));

function decide(method: string, headers: Record<string, string>): { error: Error | null; options: { origin?: unknown; exposedHeaders?: unknown; allowedHeaders?: unknown } } {
  let decided: ReturnType<typeof decide> | undefined;
  policy({ method, headers } as unknown as Request, (error, options) => (decided = { error, options: options as never }));
  return decided!;
}

describe('corsPolicy', () => {
  it('gives an allowed origin the headers browser apps need', () => {
    const { error, options } = decide('OPTIONS', { origin: 'https://app.example.com', 'access-control-request-method': 'POST' });
    expect(error).toBeNull();
    expect(options.origin).toBe(true);
    expect(options.allowedHeaders).toEqual(expect.arrayContaining(['Authorization', 'Content-Type', 'Idempotency-Key', 'Last-Event-ID']));
    expect(options.exposedHeaders).toEqual(expect.arrayContaining(['idempotent-replayed', 'Location']));
  });

  it('gives other origins, and requests without an origin, no CORS headers', () => {
    expect(decide('GET', { origin: 'https://evil.example' })).toEqual({ error: null, options: { origin: false } });
    expect(decide('OPTIONS', { origin: 'https://evil.example' })).toEqual({ error: null, options: { origin: false } });
    expect(decide('OPTIONS', { 'access-control-request-method': 'POST' })).toEqual({ error: null, options: { origin: false } });
  });

  it('refuses the preflight of another origin with a 403 problem', () => {
    const { error, options } = decide('OPTIONS', { origin: 'https://evil.example', 'access-control-request-method': 'POST' });
    expect(options).toEqual({ origin: false });
    expect(error).toBeInstanceOf(ProblemException);
    expect((error as ProblemException).toProblem()).toMatchObject({ status: 403, type: expect.stringMatching(/origin-not-allowed$/), detail: expect.stringContaining('https://evil.example') });
  });
});
