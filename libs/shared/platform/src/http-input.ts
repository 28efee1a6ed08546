import type { NextFunction, Request, Response } from 'express';
import { ProblemException, Problems } from './problem-details';

/**
 * What every service accepts before routing (each refusal is a 4xx problem, see ProblemFilter):
 * origin-form request targets only, and request bodies only as one JSON object of limited nesting.
 */

/** The largest request body read (the body parser's limit; larger is 413). */
export const MAX_BODY_BYTES = 100 * 1024;

/** No request body of the API nests deeper than a few levels; this leaves room and stops stack-deep input. */
export const MAX_JSON_DEPTH = 32;

/**
 * Whether a parsed JSON value nests deeper than `max` (a scalar has depth 0, `{}` and `[]` depth 1).
 * Iterative, so the check itself cannot overflow the stack on the input it guards against.
 */
export function jsonDepthExceeds(value: unknown, max: number): boolean {
  const pending: Array<[unknown, number]> = [[value, 0]];
  while (pending.length > 0) {
    const [current, depth] = pending.pop()!;
    if (typeof current !== 'object' || current === null) continue;
    if (depth + 1 > max) return true;
    for (const child of Array.isArray(current) ? current : Object.values(current)) {
      if (typeof child === 'object' && child !== null) pending.push([child, depth + 1]);
    }
  }
  return false;
}

/**
 * `GET http://host/v1/...` (absolute form, meant for proxies) is refused: routes and the paths
 * forwarded to services are origin-form (`/v1/...`); `OPTIONS *` is the one other form HTTP allows.
 */
export function originFormOnly(req: Request, _res: Response, next: NextFunction): void {
  if (req.url.startsWith('/') || (req.method === 'OPTIONS' && req.url === '*')) return next();
  next(Problems.validation([{ field: 'request-target', reason: 'must be a path such as /v1/locations (origin form), not an absolute URL' }]));
}

function hasBody(req: Request): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && Number(length) > 0);
}

/** Bodies are JSON only: a form or text body is 415, never read as fields (nor as missing ones). */
export function jsonBodiesOnly(req: Request, _res: Response, next: NextFunction): void {
  if (!hasBody(req) || req.is('application/json')) return next();
  const given = req.headers['content-type'];
  const reason = given ? `must be application/json, not ${given.split(';')[0].trim()}` : 'is required for a request body: application/json';
  next(Problems.unsupportedMediaType([{ field: 'Content-Type', reason }]));
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

/** After parsing: a body is one JSON object (not null, an array or a scalar) nested at most MAX_JSON_DEPTH deep. */
export function jsonObjectBodies(req: Request, _res: Response, next: NextFunction): void {
  next(req.body === undefined ? undefined : jsonObjectProblem(req.body));
}

/** Why a parsed body is not an API body (see jsonObjectBodies), or undefined. */
export function jsonObjectProblem(body: unknown): ProblemException | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return Problems.validation([{ field: 'body', reason: `must be a JSON object, not ${kindOf(body)}` }]);
  }
  if (jsonDepthExceeds(body, MAX_JSON_DEPTH)) {
    return Problems.validation([{ field: 'body', reason: `must not nest objects and arrays more than ${MAX_JSON_DEPTH} deep` }]);
  }
  return undefined;
}

/** The bytes of a JSON body as the API reads them (the body parser, then jsonObjectBodies): the object, or a 400 problem thrown. */
export function parseJsonObjectBody(bytes: Buffer): object {
  let body: unknown;
  try {
    // As the body parser decodes it: UTF-8, a leading byte-order mark dropped.
    body = JSON.parse(bytes.toString('utf8').replace(/^\uFEFF/, ''));
  } catch {
    throw Problems.validation([{ field: 'body', reason: 'must be valid JSON' }]);
  }
  const problem = jsonObjectProblem(body);
  if (problem) throw problem;
  return body as object;
}
