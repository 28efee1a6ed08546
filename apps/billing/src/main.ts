import 'reflect-metadata';
import { createBillingApp } from '@credits/billing-service';
import { KafkaMessageBus } from '@credits/messaging';
import { internalSecretVar, list, loadConfig, oneOf, optional, optionalStr, port, runService, servicePool, url } from '@credits/platform';

runService({
  name: 'billing',
  config: () =>
    loadConfig({
      PORT: port('HTTP port', '3003'),
      DATABASE_URL: url('PostgreSQL URL; the service uses the schema "billing"', ['postgres:', 'postgresql:']),
      KAFKA_BROKERS: list('Kafka bootstrap servers, comma-separated host:port'),
      KAFKA_TOPIC_PREFIX: optionalStr('prefix for Kafka topic and consumer group names (shared clusters, tests)'),
      LOG_LEVEL: oneOf('log level', ['error', 'warn', 'info', 'debug'] as const, 'info'),
      INTERNAL_SECRET: internalSecretVar,
      MEMBERSHIP_URL: url('base URL of the membership service (who a buyer is, asked at each purchase)', ['http:', 'https:'], 'http://localhost:3002'),
      LEDGER_URL: url('base URL of the ledger (a purchase answers once it has granted the credits)', ['http:', 'https:'], 'http://localhost:3001'),
      PAYMENTS_URL: optional(url('base URL of the payments service; unset: card purchases answer 503, bill and free work', ['http:', 'https:'])),
    }),
  async start(config, logger) {
    const pool = servicePool(config.DATABASE_URL, 10, logger);
    const bus = new KafkaMessageBus({ brokers: config.KAFKA_BROKERS, clientId: 'billing', namespace: config.KAFKA_TOPIC_PREFIX, log: (level, message, extra) => logger.write(level, message, extra) });
    const app = await createBillingApp({
      databaseUrl: config.DATABASE_URL,
      pool,
      bus,
      logger,
      internalSecret: config.INTERNAL_SECRET,
      membershipUrl: config.MEMBERSHIP_URL,
      ledgerUrl: config.LEDGER_URL,
      paymentsUrl: config.PAYMENTS_URL,
    });
    return { app, port: config.PORT, release: [bus, pool] };
  },
});
