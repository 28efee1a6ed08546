import type { DynamicModule, INestApplication, NestApplicationOptions } from '@nestjs/common';
import { ModuleRef, NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { serveApiDocs, type ApiDocsOptions } from './api-docs';
import type { JsonLogger } from './json-logger';
import { jsonBodiesOnly, jsonObjectBodies, originFormOnly } from './http-input';
import { ProblemFilter, strictValidationPipe } from './problem';
import type { Express, NextFunction, Request, Response } from 'express';
import { correlationMiddleware, currentContext } from './request-context';
import { httpMetricsMiddleware, instrumentCommandBus, serveMetrics } from './metrics';
import { httpTracingMiddleware, stopTracing, tracingEnabled } from './tracing';
import { CommandBus } from '@nestjs/cqrs';

/** One JSON line per request, with the correlation id (health probes only at debug level). */
function accessLog(logger: JsonLogger) {
  return (req: Request, res: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    const correlationId = currentContext()?.correlationId;
    res.on('finish', () => {
      const durationMs = Number((process.hrtime.bigint() - started) / 1000n) / 1000;
      const level = req.path.startsWith('/health') ? 'debug' : res.statusCode >= 500 ? 'error' : 'info';
      logger.write(level, 'request', { correlationId, method: req.method, path: req.originalUrl, status: res.statusCode, durationMs });
    });
    next();
  };
}

export interface HttpAppOptions {
  readonly logger: JsonLogger;
  /** CORS (the public API): answered before anything may refuse a request, so refusals carry the headers too */
  readonly cors?: Exclude<NestApplicationOptions['cors'], boolean>;
  readonly docs?: ApiDocsOptions;
}

/** The HTTP conventions every service shares: correlation ids, strict validation, problem+json. */
export async function createHttpApp(module: DynamicModule, options: HttpAppOptions): Promise<INestApplication> {
  // Only the JSON parser, registered below: a form body must be refused, not read as fields.
  // rawBody: the exact bytes stay on the request (req.rawBody): Stripe signs them, not the parsed JSON.
  const app = await NestFactory.create<NestExpressApplication>(module, { logger: options.logger, abortOnError: false, bodyParser: false, rawBody: true });
  app.disable('x-powered-by');
  const service = options.logger.service;
  // Ahead of every middleware (no access log line, no token check): Prometheus scrapes it. In k8s
  // only the monitoring namespace reaches it; the public ingress routes /v1 and /docs only.
  (app.getHttpAdapter().getInstance() as Express).get('/metrics', serveMetrics);
  app.use(httpMetricsMiddleware(service));
  if (tracingEnabled()) app.use(httpTracingMiddleware(service));
  app.use(correlationMiddleware);
  app.use(accessLog(options.logger));
  if (options.cors) app.enableCors(options.cors);
  app.use(originFormOnly);
  app.use(jsonBodiesOnly);
  // strict: false so that `null` or `"x"` reach jsonObjectBodies and get a precise reason, not "invalid JSON".
  app.useBodyParser('json', { limit: '100kb', strict: false });
  app.use(jsonObjectBodies);
  app.useGlobalFilters(new ProblemFilter(options.logger));
  app.useGlobalPipes(strictValidationPipe());
  if (options.docs) serveApiDocs(app, options.docs);
  const commandBus = commandBusOf(app);
  if (commandBus) instrumentCommandBus(commandBus, service);
  return app;
}

/**
 * The app's CommandBus, if its module imports CQRS (the gateway does not). Looked up through
 * ModuleRef: a failed app.get ends the process (NestFactory's abortOnError) before any catch.
 */
function commandBusOf(app: INestApplication): CommandBus | null {
  try {
    return app.get(ModuleRef).get(CommandBus, { strict: false });
  } catch {
    return null;
  }
}

/** Closes the apps on SIGTERM/SIGINT (in-flight requests finish first), then runs `after`. */
export function closeOnSignals(close: () => Promise<void>, logger: JsonLogger): void {
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    logger.write('info', `received ${signal}, shutting down`);
    close()
      .then(stopTracing)
      .then(() => process.exit(0))
      .catch((error) => {
        logger.error(error);
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}
