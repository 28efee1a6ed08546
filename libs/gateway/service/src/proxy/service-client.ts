import { ProblemException, ServiceNames, currentContext, CORRELATION_HEADER, type InternalTokens, type RequestActor } from '@credits/platform';
import type { Response } from 'express';

export interface ServiceCall {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  readonly path: string;
  /** the user the call acts for; none: the gateway calls for itself */
  readonly actor?: RequestActor;
  readonly body?: unknown;
  /** JSON bytes sent exactly as received instead of `body` (a signed webhook) */
  readonly rawBody?: Buffer;
  readonly headers?: Record<string, string | undefined>;
}

export interface ServiceReply {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
  readonly headers: Headers;
}

/**
 * HTTP client of one internal service (`name` is the token's audience). The caller travels in a
 * fresh internal token (never in raw headers: a user id may hold any character), with the
 * request's id as the causation of what the service records; the correlation id goes along.
 */
export class ServiceClient {
  constructor(readonly name: string, private readonly baseUrl: string, private readonly tokens: InternalTokens) {}

  async call(call: ServiceCall): Promise<ServiceReply> {
    const context = currentContext();
    const token = this.tokens.sign({
      iss: ServiceNames.gateway,
      aud: this.name,
      sub: call.actor?.userId,
      op: call.actor?.isOperator,
      rid: context?.causationId,
    });
    const headers: Record<string, string> = {
      authorization: `Bearer ${token}`,
      [CORRELATION_HEADER]: context?.correlationId ?? '',
      accept: 'application/json',
    };
    for (const [name, value] of Object.entries(call.headers ?? {})) if (value !== undefined) headers[name] = value;
    if (call.body !== undefined || call.rawBody !== undefined) headers['content-type'] = 'application/json';
    let response: globalThis.Response;
    try {
      response = await fetch(`${this.baseUrl}${call.path}`, {
        method: call.method,
        headers,
        body: call.rawBody ?? (call.body === undefined ? undefined : JSON.stringify(call.body)),
        signal: AbortSignal.timeout(15000),
      });
    } catch (error) {
      // The cause names internal addresses: the problem filter logs it, the client never sees it.
      throw new ProblemException(503, 'service-unavailable', 'Service unavailable', `${this.name} did not answer`, {}, { cause: error });
    }
    return {
      status: response.status,
      contentType: response.headers.get('content-type') ?? 'application/json',
      body: await response.text(),
      headers: response.headers,
    };
  }

  async isReady(): Promise<boolean> {
    try {
      const response = await fetch(`${this.baseUrl}/health/ready`, { signal: AbortSignal.timeout(1500) });
      return response.ok;
    } catch {
      return false;
    }
  }
}

/** Service response headers that mean something to API clients. */
const CLIENT_HEADERS = ['idempotent-replayed', 'retry-after'];

/** Sends a service's reply to the client unchanged (status, content type, body, client headers). */
export function relayReply(reply: ServiceReply, res: Response): void {
  for (const name of CLIENT_HEADERS) {
    const value = reply.headers.get(name);
    if (value !== null) res.setHeader(name, value);
  }
  res.status(reply.status).type(reply.contentType).send(reply.body);
}
