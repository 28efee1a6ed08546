import 'reflect-metadata';
import { LOCAL_DEV_ORIGINS, corsOriginsVar } from '@credits/gateway-service';
import { InProcessMessageBus } from '@credits/messaging';
import { DEV_STRIPE_WEBHOOK_SECRET, paymentProviderFrom, stripeConfigVars, withDevWebhookSecret } from '@credits/payments-service';
import { closeOnSignals, DEV_JWT_SECRET, internalSecretVar, JsonLogger, loadConfig, logLevelVar, optional, port, runMain, secret, startMetricsServer, startTracing, str } from '@credits/platform';
import { startSystem, type RunningSystem } from '@credits/system';
import { resolve } from 'node:path';
import { superviseLocalPostgres } from '@credits/local-postgres';

/** `npm start`: every service in this one process, on embedded PostgreSQL and the in-process bus. */
runMain(async () => {
  const config = loadConfig(
    {
      PORT: port('HTTP port of the public API', '3000'),
      // Any free port by default: a second `npm start` or a gateway on its 9464 never clashes with it.
      METRICS_PORT: port('port of GET /metrics (Prometheus, every service of the process; 0 = any free port)', '0'),
      DATA_DIR: str('where embedded PostgreSQL keeps its data', '.data/embedded'),
      POSTGRES_PORT: port('port of the embedded PostgreSQL (0 = any free port)', '0'),
      JWT_SECRET: secret('HS256 secret that signs access tokens', 32),
      LOG_LEVEL: logLevelVar,
      CORS_ORIGINS: corsOriginsVar(LOCAL_DEV_ORIGINS),
      // Unset: a random one per start (every service runs in this process).
      INTERNAL_SECRET: optional(internalSecretVar),
      ...stripeConfigVars,
    },
    { JWT_SECRET: DEV_JWT_SECRET, ...process.env },
  );
  const logger = new JsonLogger('embedded', config.LOG_LEVEL);
  // One process, one trace resource: spans name the service module they ran in.
  startTracing('credits-embedded');
  if (config.JWT_SECRET === DEV_JWT_SECRET) logger.write('warn', 'JWT_SECRET not set: using the development secret (npm run token uses it too)');
  const stripe = withDevWebhookSecret(config);
  if (stripe.STRIPE_WEBHOOK_SECRET === DEV_STRIPE_WEBHOOK_SECRET) logger.write('warn', 'STRIPE_WEBHOOK_SECRET not set: stripe-mock webhooks are checked with the development secret');
  const payments = paymentProviderFrom(stripe);
  logger.write('info', `payments: ${payments.describe}`);

  let system: RunningSystem | null = null;
  // First: a port taken fails the start before PostgreSQL runs.
  const metrics = await startMetricsServer(config.METRICS_PORT, [async () => (system ? system.gatewayMetrics() : [])]);
  const postgres = await superviseLocalPostgres(resolve(config.DATA_DIR, 'postgres'), config.POSTGRES_PORT, logger);
  logger.write('info', `PostgreSQL: ${postgres.describe}`);
  const bus = new InProcessMessageBus();
  // Taken before the services boot, so that a signal meanwhile still stops PostgreSQL.
  closeOnSignals(async () => {
    await system?.stop();
    await metrics.close();
    await bus.close();
    await postgres.stop();
  }, logger);
  system = await startSystem({ databaseUrl: postgres.url, bus, jwtSecret: config.JWT_SECRET, corsOrigins: config.CORS_ORIGINS, internalSecret: config.INTERNAL_SECRET, paymentProvider: payments.provider, port: config.PORT, logLevel: config.LOG_LEVEL }).catch(
    async (error) => {
      await postgres.stop();
      throw error;
    },
  );
  logger.write('info', `credits platform (embedded) on http://localhost:${config.PORT}, API docs at /docs, metrics at http://localhost:${metrics.port}/metrics`);
});
