import type { INestApplication } from '@nestjs/common';
import type { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';
import { logRequest } from './access-log';
import { MAX_BODY_BYTES } from './http-input';
import type { JsonLogger } from './json-logger';
import { observeHttpRequest, secondsSince, writeBeforeHttpMetricsRead } from './metrics';
import { problemAnswer } from './problem-answer';
import { PROBLEM_CONTENT_TYPE, Problems } from './problem-details';
import { CORRELATION_HEADER, openRequestContext, runWithContext } from './request-context';
import { routePattern } from './route-pattern';
import { tracingEnabled } from './tracing';

/**
 * The hottest routes (wallet balances, grants and deductions), served ahead of Express and Nest:
 * under load their routing, middleware chain and execution context cost several times the work of
 * a request itself (docs/gateway-performance.md). A fast-lane route answers exactly as its Nest
 * route does (the same ids, metrics, access log and problem+json; tests compare the two), and
 * takes only the plain case: anything else (a query string, an `Origin` for CORS, a body that is not
 * plain JSON, tracing on, a path that needs decoding rules of the router) goes to Express as before.
 */

/** What a fast-lane route reads of a request (from node:http, or from another thread: FastLanePort). */
export interface LaneRequest {
  readonly method: string;
  /** origin-form, without a query string */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
}

export interface FastLaneCall {
  readonly req: LaneRequest;
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

/** A finished fast-lane answer, as it leaves over HTTP or to another thread. */
export interface LaneAnswer {
  readonly status: number;
  /** every header of the answer but content-length, content-type included */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

type Match = { readonly compiled: CompiledRoute; readonly params: Record<string, string> };

/** An answered request's metric and (over HTTP) access log line, as they are written. */
interface AnsweredRequest {
  readonly method: string;
  readonly route: string;
  readonly path: string;
  readonly status: number;
  readonly seconds: number;
  readonly correlationId: string;
  readonly via: 'http' | 'thread';
}

/**
 * How long answered requests' metrics and log lines wait, at most, to be written together. One by
 * one, between the answers, they cost the gateway thread about a third of a balance read under load
 * (~30 µs of ~85-110), far more than the same work in a loop (docs/gateway-performance.md).
 */
const RECORD_EVERY_MS = 20;

/** A service's fast-lane routes; `serveFastLane` puts them on its HTTP server. */
export class FastLane {
  private readonly routes: readonly CompiledRoute[];
  private answered: AnsweredRequest[] = [];
  private recordTimer: NodeJS.Timeout | undefined;
  private readonly stopWritingBeforeScrapes: () => void;

  constructor(routes: readonly FastLaneRoute[], private readonly options: { service: string; logger: JsonLogger }) {
    this.routes = routes.map(compile);
    this.stopWritingBeforeScrapes = writeBeforeHttpMetricsRead(() => this.recordAnswered());
  }

  /** Writes what waits, for the last time (its server closed). */
  stopRecording(): void {
    this.stopWritingBeforeScrapes();
    this.recordAnswered();
  }

  /** The route a request takes, or null when it goes to Express. */
  match(req: LaneRequest): Match | null {
    if (!fastLaneTakes(req)) return null;
    for (const compiled of this.routes) {
      if (compiled.route.method !== req.method) continue;
      const found = compiled.pattern.exec(req.url);
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

  /** Answers a matched request as its Nest route would: ids, problem+json, metrics and (over HTTP) the access log included. */
  async answer({ compiled, params }: Match, req: LaneRequest, readBody: () => Promise<Buffer | undefined>, via: 'http' | 'thread'): Promise<LaneAnswer> {
    const started = process.hrtime.bigint();
    // Set by the route before an error too (an idempotent replay's refusal), as on Express's response.
    const headers: Record<string, string> = {};
    const context = openRequestContext(req.headers[CORRELATION_HEADER], { setHeader: (name, value) => (headers[name] = value) });
    return runWithContext(context, async () => {
      let status: number;
      let contentType: string;
      let body: string;
      try {
        const content = await compiled.route.handle({ req, params, body: await readBody(), headers });
        ({ status } = content);
        contentType = content.contentType ?? 'application/json';
        body = typeof content.body === 'string' ? content.body : JSON.stringify(content.body);
      } catch (error) {
        const problem = problemAnswer(error, req.url, this.options.logger);
        Object.assign(headers, problem.headers);
        ({ status, body } = problem);
        contentType = PROBLEM_CONTENT_TYPE;
      }
      // As Express's res.send writes it.
      headers['content-type'] = contentType.includes('charset=') ? contentType : `${contentType}; charset=utf-8`;
      this.answered.push({ method: req.method, route: compiled.template, path: req.url, status, seconds: secondsSince(started), correlationId: context.correlationId, via });
      this.recordTimer ??= setTimeout(() => this.recordAnswered(), RECORD_EVERY_MS).unref();
      return { status, headers, body };
    });
  }

  /** Writes the metrics and log lines of the requests answered since the last time. */
  private recordAnswered(): void {
    clearTimeout(this.recordTimer);
    this.recordTimer = undefined;
    const answered = this.answered;
    this.answered = [];
    const { service, logger } = this.options;
    for (const { method, route, path, status, seconds, correlationId, via } of answered) {
      observeHttpRequest(service, method, route, status, seconds, via);
      // A call from another thread of the process is one request with the caller's: its line (same
      // correlation id) is the one logged; a second line per request was ~8% of the CPU under load.
      if (via === 'http') logRequest(logger, { correlationId, method, path, status, seconds });
    }
  }
}

/** Puts `routes` in front of the app's Express handler, on the app's HTTP server. */
export function serveFastLane(app: INestApplication, routes: readonly FastLaneRoute[], options: { service: string; logger: JsonLogger }): FastLane {
  const lane = new FastLane(routes, options);
  const server = app.getHttpServer() as Server;
  const [express, ...others] = server.listeners('request') as Array<(req: IncomingMessage, res: ServerResponse) => void>;
  if (!express || others.length > 0) throw new Error('serveFastLane: expected the app to have exactly one request handler');
  server.removeListener('request', express);
  server.once('close', () => lane.stopRecording());
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const match = lane.match(req as LaneRequest);
    if (!match) return express(req, res);
    void lane.answer(match, req as LaneRequest, async () => (req.method === 'POST' ? bodyOf(req) : undefined), 'http').then((answer) => {
      res.statusCode = answer.status;
      for (const [name, value] of Object.entries(answer.headers)) res.setHeader(name, value);
      res.setHeader('content-length', Buffer.byteLength(answer.body));
      res.end(answer.body);
    });
  });
  return lane;
}

function compile(route: FastLaneRoute): CompiledRoute {
  const template = `/${route.path}`;
  const { source, names } = routePattern(template);
  return { route, template, pattern: new RegExp(`^${source}$`), names };
}

/** Only the plain case (see above); Express answers the rest, refusals included. */
export function fastLaneTakes(req: { readonly method?: string; readonly url?: string; readonly headers: IncomingHttpHeaders }): boolean {
  const { headers } = req;
  if (headers.origin !== undefined || tracingEnabled() || req.url === undefined || !req.url.startsWith('/') || req.url.includes('?')) return false;
  const length = headers['content-length'];
  if (req.method === 'GET') return length === undefined && headers['transfer-encoding'] === undefined;
  if (req.method !== 'POST' || headers['transfer-encoding'] !== undefined || headers['content-encoding'] !== undefined) return false;
  const bytes = Number(length);
  return bytes > 0 && bytes <= MAX_BODY_BYTES && PLAIN_JSON.test(headers['content-type'] ?? '');
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
