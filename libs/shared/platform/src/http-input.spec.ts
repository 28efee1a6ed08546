import type { Request, Response } from 'express';
import { MAX_JSON_DEPTH, jsonBodiesOnly, jsonDepthExceeds, jsonObjectBodies, originFormOnly } from './http-input';
import { ProblemException } from './problem-details';

const nested = (depth: number, leaf: unknown = 1): unknown => {
  let value = leaf;
  for (let i = 0; i < depth; i += 1) value = i % 2 === 0 ? { a: value } : [value];
  return value;
};

/** Runs a middleware on a request of these parts; resolves with what it passed to next (a problem or nothing). */
function run(middleware: (req: Request, res: Response, next: (error?: unknown) => void) => void, parts: Partial<Request>): ProblemException | undefined {
  const headers = (parts.headers ?? {}) as Record<string, string>;
  const req = {
    method: 'POST',
    url: '/v1/locations',
    ...parts,
    headers,
    is: (type: string) => (headers['content-type'] ?? '').split(';')[0].trim() === type,
  } as unknown as Request;
  let passed: unknown = 'not called';
  middleware(req, {} as Response, (error?: unknown) => (passed = error));
  if (passed === 'not called') throw new Error('the middleware did not call next');
  if (passed !== undefined && !(passed instanceof ProblemException)) throw new Error(`expected a problem, got ${String(passed)}`);
  return passed;
}

describe('nesting depth', () => {
  it('counts objects and arrays, not scalars', () => {
    expect(jsonDepthExceeds('text', 0)).toBe(false);
    expect(jsonDepthExceeds({}, 1)).toBe(false);
    expect(jsonDepthExceeds({}, 0)).toBe(true);
    expect(jsonDepthExceeds({ a: [1, { b: 2 }] }, 3)).toBe(false);
    expect(jsonDepthExceeds({ a: [1, { b: 2 }] }, 2)).toBe(true);
    expect(jsonDepthExceeds({ a: 1, b: [[[]]] }, 3)).toBe(true);
  });

  it('finds the deep branch among wide ones', () => {
    expect(jsonDepthExceeds({ wide: Array.from({ length: 1000 }, () => ({ x: 1 })), deep: nested(40) }, MAX_JSON_DEPTH)).toBe(true);
  });

  it('scans 10,000 levels without overflowing the stack', () => {
    expect(jsonDepthExceeds(nested(10_000), MAX_JSON_DEPTH)).toBe(true);
    expect(jsonDepthExceeds(nested(10_000), 20_000)).toBe(false);
  });
});

describe('request bodies', () => {
  it('refuses nesting deeper than the limit with a field-level reason, and accepts the limit', () => {
    const problem = run(jsonObjectBodies, { body: { a: nested(MAX_JSON_DEPTH) } });
    expect(problem?.status).toBe(400);
    expect(problem?.toProblem().errors).toEqual([{ field: 'body', reason: `must not nest objects and arrays more than ${MAX_JSON_DEPTH} deep` }]);
    expect(run(jsonObjectBodies, { body: { a: nested(MAX_JSON_DEPTH - 1) } })).toBeUndefined();
  });

  it.each([
    [null, 'must be a JSON object, not null'],
    [[], 'must be a JSON object, not an array'],
    ['text', 'must be a JSON object, not a string'],
    [5, 'must be a JSON object, not a number'],
  ])('refuses the body %j: %s', (body, reason) => {
    const problem = run(jsonObjectBodies, { body });
    expect(problem?.status).toBe(400);
    expect(problem?.toProblem().errors).toEqual([{ field: 'body', reason }]);
  });

  it('lets a request without a body through (a route may take none)', () => {
    expect(run(jsonObjectBodies, { body: undefined })).toBeUndefined();
  });

  it.each([
    ['a form', { 'content-type': 'application/x-www-form-urlencoded', 'content-length': '10' }, 'must be application/json, not application/x-www-form-urlencoded'],
    ['text (fetch with a string body)', { 'content-type': 'text/plain;charset=UTF-8', 'content-length': '10' }, 'must be application/json, not text/plain'],
    ['no content type', { 'content-length': '10' }, 'is required for a request body: application/json'],
    ['a chunked body without content type', { 'transfer-encoding': 'chunked' }, 'is required for a request body: application/json'],
  ])('answers 415 to %s', (_, headers, reason) => {
    const problem = run(jsonBodiesOnly, { headers } as Partial<Request>);
    expect(problem?.status).toBe(415);
    expect(problem?.toProblem()).toMatchObject({ title: 'Unsupported media type', errors: [{ field: 'Content-Type', reason }] });
  });

  it.each([
    ['JSON', { 'content-type': 'application/json', 'content-length': '2' }],
    ['JSON with a charset', { 'content-type': 'application/json; charset=utf-8', 'content-length': '2' }],
    ['no body', {}],
    ['an empty body of any type', { 'content-type': 'text/plain', 'content-length': '0' }],
  ])('accepts %s', (_, headers) => {
    expect(run(jsonBodiesOnly, { headers } as Partial<Request>)).toBeUndefined();
  });
});

describe('request targets', () => {
  it.each(['http://x/v1/locations', 'https://internal:3001/v1/locations', 'v1/locations'])('refuses %j (400)', (url) => {
    const problem = run(originFormOnly, { method: 'GET', url });
    expect(problem?.status).toBe(400);
    expect(problem?.toProblem().errors).toEqual([{ field: 'request-target', reason: expect.stringMatching(/origin form/) }]);
  });

  it('accepts paths and OPTIONS *', () => {
    expect(run(originFormOnly, { method: 'GET', url: '/v1/locations?x=http://y' })).toBeUndefined();
    expect(run(originFormOnly, { method: 'OPTIONS', url: '*' })).toBeUndefined();
  });
});
