import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

export interface RequestContext {
  readonly correlationId: string;
  /**
   * What the work in this context does on behalf of, and so the causation id of the events it
   * records: an HTTP request's id (the gateway's, carried to the services in the internal token),
   * or the id of the message being handled.
   */
  readonly causationId?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

export const CORRELATION_HEADER = 'x-correlation-id';
export const REQUEST_ID_HEADER = 'x-request-id';

export function currentContext(): RequestContext | undefined {
  return storage.getStore();
}

export function runWithContext<T>(context: RequestContext, work: () => T): T {
  return storage.run(context, work);
}

/**
 * Express middleware: adopts the caller's correlation id (or makes one), gives the request an id of
 * its own, and echoes both back.
 */
export function correlationMiddleware(req: Request, res: Response, next: NextFunction): void {
  storage.run(openRequestContext(req.headers[CORRELATION_HEADER], res), () => next());
}

/** A request's context: the caller's correlation id (or a new one) and an id of its own, both echoed in the answer. */
export function openRequestContext(given: string | string[] | undefined, res: { setHeader(name: string, value: string): unknown }): Required<RequestContext> {
  const correlationId = typeof given === 'string' && /^[A-Za-z0-9._:-]{1,128}$/.test(given) ? given : randomUUID();
  const requestId = randomUUID();
  res.setHeader(CORRELATION_HEADER, correlationId);
  res.setHeader(REQUEST_ID_HEADER, requestId);
  return { correlationId, causationId: requestId };
}
