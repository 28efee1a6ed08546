import type { NextFunction, Request, Response } from 'express';
import type { JsonLogger } from './json-logger';
import { currentContext } from './request-context';

/** One JSON line per request, with the correlation id (health probes only at debug level). */
export function accessLog(logger: JsonLogger) {
  return (req: Request, res: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    const correlationId = currentContext()?.correlationId;
    res.on('finish', () => logRequest(logger, { correlationId, method: req.method, path: req.originalUrl, status: res.statusCode, started }));
    next();
  };
}

/** The access log line of an answered request, `started` being its process.hrtime.bigint(). */
export function logRequest(logger: JsonLogger, request: { correlationId?: string; method: string; path: string; status: number; started: bigint }): void {
  const { started, ...line } = request;
  const durationMs = Number((process.hrtime.bigint() - started) / 1000n) / 1000;
  const level = line.path.startsWith('/health') ? 'debug' : line.status >= 500 ? 'error' : 'info';
  logger.write(level, 'request', { ...line, durationMs });
}
