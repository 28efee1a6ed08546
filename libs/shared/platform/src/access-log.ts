import type { NextFunction, Request, Response } from 'express';
import type { JsonLogger } from './json-logger';
import { secondsSince } from './metrics';
import { currentContext } from './request-context';

/** One JSON line per request, with the correlation id (health probes only at debug level). */
export function accessLog(logger: JsonLogger) {
  return (req: Request, res: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    const correlationId = currentContext()?.correlationId;
    res.on('finish', () => logRequest(logger, { correlationId, method: req.method, path: req.originalUrl, status: res.statusCode, seconds: secondsSince(started) }));
    next();
  };
}

/** The access log line of an answered request that took `seconds`. */
export function logRequest(logger: JsonLogger, request: { correlationId?: string; method: string; path: string; status: number; seconds: number }): void {
  const { seconds, ...line } = request;
  const level = line.path.startsWith('/health') ? 'debug' : line.status >= 500 ? 'error' : 'info';
  logger.write(level, 'request', { ...line, durationMs: Math.round(seconds * 1e6) / 1000 });
}
