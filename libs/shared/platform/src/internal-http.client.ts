import { CORRELATION_HEADER, REQUEST_ID_HEADER, currentContext } from './request-context';
import type { InternalTokens } from './internal-token';
import { Problems } from './problem-details';

export interface InternalReply<T> {
  readonly status: number;
  readonly body: T;
}

const CALL_TIMEOUT_MS = 10_000;

/** A 4xx other than 408/429 is the other service's decision about this request: final, not an outage to retry. */
export function isRefusal(status: number): boolean {
  return status >= 400 && status < 500 && status !== 408 && status !== 429;
}

/**
 * A service's calls to another service's internal API, as the calling service itself (the token
 * names no user), with the request's correlation id and its id as the causation of what the call
 * records. No answer at all is a 503 problem; any answer is returned for the caller to read.
 */
export class InternalHttpClient {
  constructor(
    private readonly issuer: string,
    readonly service: string,
    private readonly baseUrl: string,
    private readonly tokens: InternalTokens,
  ) {}

  async call<T>(method: 'GET' | 'POST', path: string, body?: unknown, extraHeaders: Record<string, string> = {}): Promise<InternalReply<T>> {
    const context = currentContext();
    const token = this.tokens.sign({ iss: this.issuer, aud: this.service });
    const headers: Record<string, string> = { ...extraHeaders, authorization: `Bearer ${token}`, accept: 'application/json', [CORRELATION_HEADER]: context?.correlationId ?? '' };
    if (context?.causationId) headers[REQUEST_ID_HEADER] = context.causationId;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
      });
    } catch (error) {
      throw Problems.unavailable(`${this.service} did not answer: ${(error as Error).message}`);
    }
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: keep the text for the log
    }
    return { status: response.status, body: parsed as T };
  }
}
