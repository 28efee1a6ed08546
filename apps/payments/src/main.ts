import 'reflect-metadata';
import { KafkaMessageBus } from '@credits/messaging';
import { MembershipFactsClient, createPaymentsApp, paymentProviderFrom, stripeConfigVars } from '@credits/payments-service';
import { InternalTokens, internalSecretVar, list, loadConfig, oneOf, optionalStr, port, runService, servicePool, url } from '@credits/platform';

runService({
  name: 'payments',
  config: () =>
    loadConfig({
      PORT: port('HTTP port', '3004'),
      DATABASE_URL: url('PostgreSQL URL; the service uses the schema "payments"', ['postgres:', 'postgresql:']),
      KAFKA_BROKERS: list('Kafka bootstrap servers, comma-separated host:port'),
      KAFKA_TOPIC_PREFIX: optionalStr('prefix for Kafka topic and consumer group names (shared clusters, tests)'),
      MEMBERSHIP_URL: url('membership service base URL (who is admin or member of a location)', ['http:', 'https:']),
      INTERNAL_SECRET: internalSecretVar,
      LOG_LEVEL: oneOf('log level', ['error', 'warn', 'info', 'debug'] as const, 'info'),
      ...stripeConfigVars,
    }),
  async start(config, logger) {
    const { provider, describe } = paymentProviderFrom(config);
    const pool = servicePool(config.DATABASE_URL, 10, logger);
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
    return { app, port: config.PORT, note: describe, release: [bus, pool] };
  },
});
