import type { INestApplication } from '@nestjs/common';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { logRequest } from './access-log';
import { MAX_BODY_BYTES } from './http-input';
import type { JsonLogger } from './json-logger';
import { observeHttpRequest } from './metrics';
import { problemAnswer } from './problem-answer';
import { PROBLEM_CONTENT_TYPE, Problems } from './problem-details';
import { CORRELATION_HEADER, openRequestContext, runWithContext } from './request-context';
import { tracingEnabled } from './tracing';

/**
 * The hottest routes (wallet balances, grants and deductions), served ahead of Express and Nest:
 * under load their routing, middleware chain and execution context cost several times the work of
 * a request itself (docs/gateway-performance.md). A fast-lane route answers exactly as its Nest
 * route does (the same ids, metrics, access log and problem+json; tests compare the two), and
 * takes only the plain case: anything else (a query string, an `Origin` for CORS, a body that is not
 * plain JSON, tracing on, a path that needs decoding rules of the router) goes to Express as before.
 */

export interface FastLaneCall {
  readonly req: IncomingMessage;
  /** the route's path parameters, percent-decoded */
  readonly params: Readonly<Record<string, string>>;
  /** a POST's body as received (plain JSON, at most MAX_BODY_BYTES; a larger one goes to Express for its 413) */
  readonly body: Buffer | undefined;
  /** headers the answer carries besides its content type (a route sets them as it would on Express's response) */
  readonly headers: Record<string, string>;
}

export interface FastLaneAnswer {
  readonly status: number;
  /** text as it is (JSON already), anything else encoded as JSON */
  readonly body: unknown;
  /** default application/json */
  readonly contentType?: string;
}

export interface FastLaneRoute {
  readonly method: 'GET' | 'POST';
  /** as the Nest route declares it: `v1/locations/:locationId/users/:userId/credits` */
  readonly path: string;
  readonly handle: (call: FastLaneCall) => Promise<FastLaneAnswer>;
}

const PLAIN_JSON = /^application\/json\s*(;\s*charset=utf-8\s*)?$/i;

interface CompiledRoute {
  readonly route: FastLaneRoute;
  /** the metrics label Express gives the same route */
  readonly template: string;
  readonly pattern: RegExp;
  readonly names: readonly string[];
}

/** Puts `routes` in front of the app's Express handler, on the app's HTTP server. */
export function serveFastLane(app: INestApplication, routes: readonly FastLaneRoute[], options: { service: string; logger: JsonLogger }): void {
  const compiled = routes.map(compile);
  const server = app.getHttpServer() as Server;
  const [express, ...others] = server.listeners('request') as Array<(req: IncomingMessage, res: ServerResponse) => void>;
  if (!express || others.length > 0) throw new Error('serveFastLane: expected the app to have exactly one request handler');
  server.removeListener('request', express);
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const match = fastLaneTakes(req) ? matchOf(compiled, req) : null;
    if (!match) return express(req, res);
    void serve(match.compiled, match.params, req, res, options);
  });
}

function compile(route: FastLaneRoute): CompiledRoute {
  const template = `/${route.path}`;
  const names: string[] = [];
  const source = template
    .split('/')
    .map((segment) => {
      if (!segment.startsWith(':')) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(segment.slice(1));
      return '([^/]+)';
    })
    .join('/');
  return { route, template, pattern: new RegExp(`^${source}$`), names };
}

/** Only the plain case (see above); Express answers the rest, refusals included. */
export function fastLaneTakes(req: Pick<IncomingMessage, 'method' | 'url' | 'headers'>): boolean {
  const { headers } = req;
  if (headers.origin !== undefined || tracingEnabled() || req.url === undefined || !req.url.startsWith('/') || req.url.includes('?')) return false;
  const length = headers['content-length'];
  if (req.method === 'GET') return length === undefined && headers['transfer-encoding'] === undefined;
  if (req.method !== 'POST' || headers['transfer-encoding'] !== undefined || headers['content-encoding'] !== undefined) return false;
  const bytes = Number(length);
  return bytes > 0 && bytes <= MAX_BODY_BYTES && PLAIN_JSON.test(headers['content-type'] ?? '');
}

function matchOf(routes: readonly CompiledRoute[], req: IncomingMessage): { compiled: CompiledRoute; params: Record<string, string> } | null {
  for (const compiled of routes) {
    if (compiled.route.method !== req.method) continue;
    const found = compiled.pattern.exec(req.url!);
    if (!found) continue;
    const params: Record<string, string> = {};
    try {
      compiled.names.forEach((name, index) => (params[name] = decodeURIComponent(found[index + 1])));
    } catch {
      return null; // not percent-encoded UTF-8: the router's 400
    }
    return { compiled, params };
  }
  return null;
}

async function serve(compiled: CompiledRoute, params: Record<string, string>, req: IncomingMessage, res: ServerResponse, options: { service: string; logger: JsonLogger }): Promise<void> {
  const started = process.hrtime.bigint();
  const context = openRequestContext(req.headers[CORRELATION_HEADER], res);
  await runWithContext(context, async () => {
    // Set by the route before an error too (an idempotent replay's refusal), as on Express's response.
    const headers: Record<string, string> = {};
    let answer: { status: number; contentType: string; body: string };
    try {
      const body = req.method === 'POST' ? await bodyOf(req) : undefined;
      const { status, body: content, contentType = 'application/json' } = await compiled.route.handle({ req, params, body, headers });
      answer = { status, contentType, body: typeof content === 'string' ? content : JSON.stringify(content) };
    } catch (error) {
      const problem = problemAnswer(error, req.url!, options.logger);
      Object.assign(headers, problem.headers);
      answer = { ...problem, contentType: PROBLEM_CONTENT_TYPE };
    }
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    res.statusCode = answer.status;
    // As Express's res.send writes it.
    res.setHeader('content-type', answer.contentType.includes('charset=') ? answer.contentType : `${answer.contentType}; charset=utf-8`);
    res.setHeader('content-length', Buffer.byteLength(answer.body));
    res.end(answer.body);
    observeHttpRequest(options.service, req.method!, compiled.template, answer.status, started, true);
    logRequest(options.logger, { correlationId: context.correlationId, method: req.method!, path: req.url!, status: answer.status, started });
  });
}

function bodyOf(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.once('end', () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
    // A client gone before its body ended: the body parser's 400, not an internal error.
    req.once('error', () => reject(Problems.validation([{ field: 'body', reason: 'the request was aborted before its body ended' }])));
  });
}
