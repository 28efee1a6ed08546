import type { DynamicModule, INestApplication, NestApplicationOptions } from '@nestjs/common';
import { ModuleRef, NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { serveApiDocs, type ApiDocsOptions } from './api-docs';
import { JsonLogger, type LogLevel } from './json-logger';
import { MAX_BODY_BYTES, jsonBodiesOnly, jsonObjectBodies, originFormOnly } from './http-input';
import { ProblemFilter, strictValidationPipe } from './problem';
import type { Express } from 'express';
import { correlationMiddleware } from './request-context';
import { accessLog } from './access-log';
import { httpMetricsMiddleware, instrumentCommandBus, instrumentPool, serveMetrics } from './metrics';
import { httpTracingMiddleware, startTracing, stopTracing, tracingEnabled } from './tracing';
import { CommandBus } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import { ConfigError, kafkaTopicPrefixVar, list, logLevelVar, port, url } from './config';
import { internalSecretVar } from './internal-token';
import { createPool } from './database';

export interface HttpAppOptions {
  readonly logger: JsonLogger;
  /** CORS (the public API): answered before anything may refuse a request, so refusals carry the headers too */
  readonly cors?: Exclude<NestApplicationOptions['cors'], boolean>;
  readonly docs?: ApiDocsOptions;
  /** false for a public app: its process serves metrics on a port of its own (startMetricsServer) */
  readonly metricsRoute?: boolean;
}

/** The HTTP conventions every service shares: correlation ids, strict validation, problem+json. */
export async function createHttpApp(module: DynamicModule, options: HttpAppOptions): Promise<INestApplication> {
  // Only the JSON parser, registered below: a form body must be refused, not read as fields.
  // rawBody: the exact bytes stay on the request (req.rawBody): Stripe signs them, not the parsed JSON.
  const app = await NestFactory.create<NestExpressApplication>(module, { logger: options.logger, abortOnError: false, bodyParser: false, rawBody: true });
  app.disable('x-powered-by');
  // No ETag: nothing revalidates API answers, and the fast lane (fast-lane.ts) answers as this app does.
  app.set('etag', false);
  const service = options.logger.service;
  // Ahead of every middleware (no access log line, no token check): Prometheus scrapes it. Only on
  // the internal services' ports, which nothing outside the cluster reaches.
  if (options.metricsRoute ?? true) (app.getHttpAdapter().getInstance() as Express).get('/metrics', (req, res) => serveMetrics(req, res));
  app.use(httpMetricsMiddleware(service));
  if (tracingEnabled()) app.use(httpTracingMiddleware(service));
  app.use(correlationMiddleware);
  app.use(accessLog(options.logger));
  if (options.cors) app.enableCors(options.cors);
  app.use(originFormOnly);
  app.use(jsonBodiesOnly);
  // strict: false so that `null` or `"x"` reach jsonObjectBodies and get a precise reason, not "invalid JSON".
  app.useBodyParser('json', { limit: MAX_BODY_BYTES, strict: false });
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

/** What an app uses and must be closed after it: a bus or server (`close`), a pg pool (`end`). */
export type Releasable = { close(): Promise<void> } | { end(): Promise<void> };

/** What a service's `start` built: the app to listen with, and what it holds beyond the app. */
export interface StartedService {
  readonly app: INestApplication;
  readonly port: number;
  /** appended to the "listening" log line */
  readonly note?: string;
  /** closed in this order on SIGTERM/SIGINT, after the app */
  readonly release?: ReadonlyArray<Releasable | undefined>;
}

export interface ServiceDefinition<C extends { readonly LOG_LEVEL: LogLevel }> {
  /** the logger's and the traces' service name */
  readonly name: string;
  /** loads and checks the environment; a ConfigError ends the process with its message */
  readonly config: () => C;
  readonly start: (config: C, logger: JsonLogger) => Promise<StartedService>;
}

/** A service's process: configuration, logger, tracing, listen, and a graceful shutdown on SIGTERM/SIGINT. */
export function runService<C extends { readonly LOG_LEVEL: LogLevel }>(service: ServiceDefinition<C>): void {
  runMain(async () => {
    const config = service.config();
    const logger = new JsonLogger(service.name, config.LOG_LEVEL);
    startTracing(service.name);
    const { app, port, note, release = [] } = await service.start(config, logger);
    await app.listen(port);
    logger.write('info', `${service.name} listening on ${port}${note ? `; ${note}` : ''}`);
    closeOnSignals(async () => {
      await app.close();
      for (const resource of release) {
        if (resource) await ('end' in resource ? resource.end() : resource.close());
      }
    }, logger);
  });
}

/** What every service with its own schema and Kafka reads from the environment. */
export function backendServiceVars(schema: string, defaultPort: string) {
  return {
    PORT: port('HTTP port', defaultPort),
    DATABASE_URL: url(`PostgreSQL URL; the service uses the schema "${schema}"`, ['postgres:', 'postgresql:']),
    KAFKA_BROKERS: list('Kafka bootstrap servers, comma-separated host:port'),
    KAFKA_TOPIC_PREFIX: kafkaTopicPrefixVar,
    LOG_LEVEL: logLevelVar,
    INTERNAL_SECRET: internalSecretVar,
  };
}

/** A service's database pool: its metrics under the service's name, a lost connection logged (not fatal). */
export function servicePool(databaseUrl: string, max: number, logger: JsonLogger): Pool {
  return instrumentPool(createPool(databaseUrl, max, (error) => logger.write('warn', 'database connection lost', { error: error.message })), logger.service);
}

/** Runs a process's entry point: a failure ends it with code 1, a bad configuration with just its message. */
export function runMain(main: () => Promise<void>): void {
  main().catch((error) => {
    process.stderr.write(`${error instanceof ConfigError ? error.message : error?.stack ?? error}\n`);
    process.exit(1);
  });
}

/** Runs `close` on SIGTERM/SIGINT (the apps finish their in-flight requests first), then exits. */
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
