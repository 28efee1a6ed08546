import 'reflect-metadata';
import { DEFAULT_EXPIRY_WARNING_LEAD_MS, createLedgerApp } from '@credits/ledger-service';
import { KafkaMessageBus } from '@credits/messaging';
import { internalSecretVar, list, loadConfig, nonNegativeInt, oneOf, optionalStr, port, runService, servicePool, url } from '@credits/platform';

runService({
  name: 'ledger',
  config: () =>
    loadConfig({
      PORT: port('HTTP port', '3001'),
      DATABASE_URL: url('PostgreSQL URL; the service uses the schema "ledger"', ['postgres:', 'postgresql:']),
      KAFKA_BROKERS: list('Kafka bootstrap servers, comma-separated host:port'),
      KAFKA_TOPIC_PREFIX: optionalStr('prefix for Kafka topic and consumer group names (shared clusters, tests)'),
      LOG_LEVEL: oneOf('log level', ['error', 'warn', 'info', 'debug'] as const, 'info'),
      INTERNAL_SECRET: internalSecretVar,
      EXPIRY_WARNING_LEAD_MS: nonNegativeInt('how long before credits expire CreditsExpiringSoon is emitted, in ms (0: never)', String(DEFAULT_EXPIRY_WARNING_LEAD_MS)),
    }),
  async start(config, logger) {
    const pool = servicePool(config.DATABASE_URL, 20, logger);
    const bus = new KafkaMessageBus({ brokers: config.KAFKA_BROKERS, clientId: 'ledger', namespace: config.KAFKA_TOPIC_PREFIX, log: (level, message, extra) => logger.write(level, message, extra) });
    const app = await createLedgerApp({ databaseUrl: config.DATABASE_URL, pool, bus, logger, internalSecret: config.INTERNAL_SECRET, expiryWarningLeadMs: config.EXPIRY_WARNING_LEAD_MS });
    return { app, port: config.PORT, release: [bus, pool] };
  },
});
