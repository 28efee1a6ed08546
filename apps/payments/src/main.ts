import 'reflect-metadata';
import { KafkaMessageBus } from '@credits/messaging';
import { MembershipFactsClient, createPaymentsApp, paymentProviderFrom, stripeConfigVars } from '@credits/payments-service';
import { ConfigError, InternalTokens, JsonLogger, closeOnSignals, createPool, instrumentPool, startTracing, internalSecretVar, list, loadConfig, oneOf, optionalStr, port, url } from '@credits/platform';

async function main(): Promise<void> {
  const config = loadConfig({
    PORT: port('HTTP port', '3004'),
    DATABASE_URL: url('PostgreSQL URL; the service uses the schema "payments"', ['postgres:', 'postgresql:']),
    KAFKA_BROKERS: list('Kafka bootstrap servers, comma-separated host:port'),
    KAFKA_TOPIC_PREFIX: optionalStr('prefix for Kafka topic and consumer group names (shared clusters, tests)'),
    MEMBERSHIP_URL: url('membership service base URL (who is admin or member of a location)', ['http:', 'https:']),
    INTERNAL_SECRET: internalSecretVar,
    LOG_LEVEL: oneOf('log level', ['error', 'warn', 'info', 'debug'] as const, 'info'),
    ...stripeConfigVars,
  });
  const { provider, describe } = paymentProviderFrom(config);
  const logger = new JsonLogger('payments', config.LOG_LEVEL);
  startTracing('payments');
  const pool = instrumentPool(createPool(config.DATABASE_URL, 10, (error) => logger.write('warn', 'database connection lost', { error: error.message })), 'payments');
  const bus = new KafkaMessageBus({ brokers: config.KAFKA_BROKERS, clientId: 'payments', namespace: config.KAFKA_TOPIC_PREFIX, log: (level, message, extra) => logger.write(level, message, extra) });
  const app = await createPaymentsApp({
    databaseUrl: config.DATABASE_URL,
    pool,
    bus,
    logger,
    provider,
    memberFacts: new MembershipFactsClient(config.MEMBERSHIP_URL, new InternalTokens(config.INTERNAL_SECRET)),
    internalSecret: config.INTERNAL_SECRET,
  });
  await app.listen(config.PORT);
  logger.write('info', `payments listening on ${config.PORT}; ${describe}`);
  closeOnSignals(async () => {
    await app.close();
    await bus.close();
    await pool.end();
  }, logger);
}

main().catch((error) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : error?.stack ?? error}\n`);
  process.exit(1);
});
