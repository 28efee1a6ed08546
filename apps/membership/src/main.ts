import 'reflect-metadata';
import { KafkaMessageBus } from '@credits/messaging';
import { MembershipClock, createMembershipApp } from '@credits/membership-service';
import { ConfigError, internalSecretVar, list, loadConfig, nonNegativeInt, oneOf, optionalStr, port, runService, servicePool, url } from '@credits/platform';

runService({
  name: 'membership',
  config: () => {
    const config = loadConfig({
      PORT: port('HTTP port', '3002'),
      DATABASE_URL: url('PostgreSQL URL; the service uses the schema "membership"', ['postgres:', 'postgresql:']),
      KAFKA_BROKERS: list('Kafka bootstrap servers, comma-separated host:port'),
      KAFKA_TOPIC_PREFIX: optionalStr('prefix for Kafka topic and consumer group names (shared clusters, tests)'),
      LOG_LEVEL: oneOf('log level', ['error', 'warn', 'info', 'debug'] as const, 'info'),
      INTERNAL_SECRET: internalSecretVar,
      ENABLE_TEST_CLOCK: oneOf('tests only: "true" serves POST /internal/clock to move the service clock forward', ['true', 'false'] as const, 'false'),
      CLOCK_OFFSET_MS: nonNegativeInt('tests only (with ENABLE_TEST_CLOCK=true): start with the clock this far ahead, in ms', '0'),
    });
    if (config.ENABLE_TEST_CLOCK !== 'true' && config.CLOCK_OFFSET_MS !== 0) throw new ConfigError('CLOCK_OFFSET_MS needs ENABLE_TEST_CLOCK=true (never set it in production)');
    return config;
  },
  async start(config, logger) {
    const pool = servicePool(config.DATABASE_URL, 10, logger);
    const bus = new KafkaMessageBus({ brokers: config.KAFKA_BROKERS, clientId: 'membership', namespace: config.KAFKA_TOPIC_PREFIX, log: (level, message, extra) => logger.write(level, message, extra) });
    const app = await createMembershipApp({
      databaseUrl: config.DATABASE_URL,
      pool,
      bus,
      logger,
      internalSecret: config.INTERNAL_SECRET,
      clock: new MembershipClock(config.CLOCK_OFFSET_MS),
      enableTestClock: config.ENABLE_TEST_CLOCK === 'true',
    });
    return { app, port: config.PORT, release: [bus, pool] };
  },
});
