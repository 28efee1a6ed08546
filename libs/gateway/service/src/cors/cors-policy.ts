import { CORRELATION_HEADER, ProblemException } from '@credits/platform/core';
import type { NestApplicationOptions } from '@nestjs/common';
import type { Request } from 'express';
import type { AllowedOrigins } from './allowed-origins';

type CorsPolicy = Extract<NestApplicationOptions['cors'], (...args: never[]) => void>;
type CorsOptions = Exclude<NestApplicationOptions['cors'], boolean | CorsPolicy | undefined>;

/** What browser apps send beyond the CORS-safelisted headers. */
export const CORS_ALLOWED_HEADERS = ['Authorization', 'Content-Type', 'Idempotency-Key', 'Last-Event-ID', CORRELATION_HEADER];
/** What browser apps may read beyond the CORS-safelisted headers. */
export const CORS_EXPOSED_HEADERS = ['idempotent-replayed', 'Location', 'Retry-After', CORRELATION_HEADER];

const ALLOWED: CorsOptions = {
  origin: true, // reflect the request's origin (with Vary: Origin)
  methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
  allowedHeaders: CORS_ALLOWED_HEADERS,
  exposedHeaders: CORS_EXPOSED_HEADERS,
  // Tokens travel in Authorization, never in cookies: no Access-Control-Allow-Credentials.
  maxAge: 600,
};
const NO_CORS: CorsOptions = { origin: false };

/**
 * Allowed origins get the Access-Control-* headers, and their preflights a 204. Other origins get
 * none: their requests are served as any other (a browser then withholds the answer from the
 * page), and their preflights a 403 problem saying why, instead of a 404 for an existing route.
 */
export function corsPolicy(origins: AllowedOrigins): CorsPolicy {
  return (req: Request, callback) => {
    const origin = req.headers.origin;
    if (origin === undefined) return callback(null, NO_CORS);
    if (origins.allows(origin)) return callback(null, ALLOWED);
    if (req.method !== 'OPTIONS' || req.headers['access-control-request-method'] === undefined) return callback(null, NO_CORS);
    callback(new ProblemException(403, 'origin-not-allowed', 'Origin not allowed', `${origin} is not among the origins this API allows (CORS_ORIGINS)`), NO_CORS);
  };
}
