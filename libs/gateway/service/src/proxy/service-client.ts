import { ProblemException, ServiceNames, currentContext, withTraceHeaders, CORRELATION_HEADER, REQUEST_ID_HEADER, type FastLaneClient, type InternalTokens, type RequestActor } from '@credits/platform';
import type { Response } from 'express';
import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

export interface ServiceCall {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  readonly path: string;
  /** the user the call acts for; none: the gateway calls for itself */
  readonly actor?: RequestActor;
  readonly body?: unknown;
  /** JSON bytes sent exactly as received instead of `body` (a signed webhook; a validated body, see receivedBytes) */
  readonly rawBody?: Buffer;
  readonly headers?: Record<string, string | undefined>;
  /** a call the service's fast lane takes (see credits.fast-lane.ts): in-process when the client has a FastLaneClient */
  readonly fastLane?: boolean;
}

export interface ServiceReply {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
  readonly headers: ReplyHeaders;
}

/** A reply's headers by lower-case name; null when absent (repeated ones joined with ", "). */
export interface ReplyHeaders {
  get(name: string): string | null;
}

const CALL_TIMEOUT_MS = 15000;
const READY_TIMEOUT_MS = 1500;

/** A parsed HTTP exchange: status, headers, the whole body as text. */
interface Exchange {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

function replyHeaders(headers: IncomingHttpHeaders): ReplyHeaders {
  return {
    get: (name) => {
      const value = headers[name.toLowerCase()];
      return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
    },
  };
}

/**
 * HTTP client of one internal service (`name` is the token's audience). The caller travels in a
 * fresh internal token (never in raw headers: a user id may hold any character), with the
 * request's id as the causation of what the service records; the correlation id goes along.
 *
 * node:http with a keep-alive agent of its own rather than fetch: under load, fetch's streams,
 * Headers and AbortSignal timers cost the gateway more CPU than the call itself.
 */
export class ServiceClient {
  private readonly agent: HttpAgent;
  private readonly send: typeof httpRequest;
  // Parsed once: a URL string would be parsed again on every call.
  private readonly target: { readonly hostname: string; readonly port: string; readonly basePath: string };

  constructor(
    readonly name: string,
    baseUrl: string,
    private readonly tokens: InternalTokens,
    /** the service's fast lane in another thread of this process (embedded mode) */
    private readonly lane?: FastLaneClient,
  ) {
    const url = new URL(baseUrl);
    const https = url.protocol === 'https:';
    this.target = { hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'), port: url.port, basePath: url.pathname.replace(/\/$/, '') };
    // lifo: the most recently used connections stay warm; idle ones close before the server's keep-alive timeout would.
    const options = { keepAlive: true, maxSockets: 256, maxFreeSockets: 256, scheduling: 'lifo', timeout: 4000 } as const;
    this.agent = https ? new HttpsAgent(options) : new HttpAgent(options);
    this.send = https ? httpsRequest : httpRequest;
  }

  async call(call: ServiceCall): Promise<ServiceReply> {
    const context = currentContext();
    const token = this.tokens.sign({
      iss: ServiceNames.gateway,
      aud: this.name,
      sub: call.actor?.userId,
      op: call.actor?.isOperator,
    });
    const headers: Record<string, string> = withTraceHeaders({
      authorization: `Bearer ${token}`,
      [CORRELATION_HEADER]: context?.correlationId ?? '',
      accept: 'application/json',
    });
    for (const [name, value] of Object.entries(call.headers ?? {})) if (value !== undefined) headers[name] = value;
    // the request that makes the call, the cause of what the service records
    if (context?.causationId) headers[REQUEST_ID_HEADER] = context.causationId;
    const body = call.rawBody ?? (call.body === undefined ? undefined : Buffer.from(JSON.stringify(call.body), 'utf8'));
    if (body !== undefined) headers['content-type'] = 'application/json';
    let exchange: Exchange;
    try {
      const answer = call.fastLane && this.lane ? await this.viaLane(call.method, call.path, headers, body) : null;
      exchange = answer ?? (await this.exchange(call.method, call.path, headers, body, CALL_TIMEOUT_MS));
    } catch (error) {
      // The cause names internal addresses: the problem filter logs it, the client never sees it.
      throw new ProblemException(503, 'service-unavailable', 'Service unavailable', `${this.name} did not answer`, {}, { cause: error });
    }
    return {
      status: exchange.status,
      contentType: exchange.headers['content-type'] ?? 'application/json',
      body: exchange.body,
      headers: replyHeaders(exchange.headers),
    };
  }

  async isReady(): Promise<boolean> {
    try {
      return (await this.exchange('GET', '/health/ready', {}, undefined, READY_TIMEOUT_MS)).status === 200;
    } catch {
      return false;
    }
  }

  /** The call through the service's fast lane in-process; null when the lane declines it. */
  private async viaLane(method: string, url: string, headers: Record<string, string>, body: Buffer | undefined): Promise<Exchange | null> {
    if (body !== undefined) headers['content-length'] = String(body.length);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${CALL_TIMEOUT_MS} ms`)), CALL_TIMEOUT_MS)));
    try {
      const answer = await Promise.race([this.lane!.call({ method, url, headers }, body), deadline]);
      return answer && { status: answer.status, headers: answer.headers, body: answer.body };
    } finally {
      clearTimeout(timer);
    }
  }

  private exchange(method: string, path: string, headers: Record<string, string>, body: Buffer | undefined, timeoutMs: number): Promise<Exchange> {
    return new Promise((resolve, reject) => {
      if (body !== undefined) headers['content-length'] = String(body.length);
      const { hostname, port, basePath } = this.target;
      const request = this.send({ hostname, port, path: `${basePath}${path}`, method, headers, agent: this.agent }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', fail);
        response.on('end', () => {
          clearTimeout(timer);
          resolve({ status: response.statusCode ?? 502, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') });
        });
      });
      const timer = setTimeout(() => request.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      function fail(error: Error): void {
        clearTimeout(timer);
        reject(error);
      }
      request.on('error', fail);
      request.end(body);
    });
  }
}

/**
 * The bytes the client sent, for a body the gateway has validated: the service reads them as it
 * would the client's own, so re-encoding the parsed body would only cost CPU. None without a body.
 */
export const receivedBytes = (req: { rawBody?: Buffer }, body: unknown): Buffer | undefined => (body === undefined ? undefined : req.rawBody);

/** Service response headers that mean something to API clients. */
const CLIENT_HEADERS = ['idempotent-replayed', 'retry-after'];

/** Sends a service's reply to the client unchanged (status, content type, body, client headers). */
export function relayReply(reply: ServiceReply, res: Response): void {
  for (const [name, value] of Object.entries(clientHeadersOf(reply))) res.setHeader(name, value);
  res.status(reply.status).type(reply.contentType).send(reply.body);
}

/** The headers of a service's reply that its client gets too. */
export function clientHeadersOf(reply: ServiceReply): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of CLIENT_HEADERS) {
    const value = reply.headers.get(name);
    if (value !== null) headers[name] = value;
  }
  return headers;
}
