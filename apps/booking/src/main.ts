import 'reflect-metadata';
import { createBookingApp } from '@credits/booking-service';
import { KafkaMessageBus } from '@credits/messaging';
import { ConfigError, internalSecretVar, JsonLogger, closeOnSignals, createPool, instrumentPool, startTracing, list, loadConfig, oneOf, optionalStr, port, url } from '@credits/platform';

async function main(): Promise<void> {
  const config = loadConfig({
    PORT: port('HTTP port', '3005'),
    DATABASE_URL: url('PostgreSQL URL; the service uses the schema "booking"', ['postgres:', 'postgresql:']),
    KAFKA_BROKERS: list('Kafka bootstrap servers, comma-separated host:port'),
    KAFKA_TOPIC_PREFIX: optionalStr('prefix for Kafka topic and consumer group names (shared clusters, tests)'),
    LOG_LEVEL: oneOf('log level', ['error', 'warn', 'info', 'debug'] as const, 'info'),
    INTERNAL_SECRET: internalSecretVar,
    MEMBERSHIP_URL: url('base URL of the membership service (who a booker is, asked at each booking)', ['http:', 'https:'], 'http://localhost:3002'),
    LEDGER_URL: url('base URL of the ledger (holds, captures and refunds the credits of bookings)', ['http:', 'https:'], 'http://localhost:3001'),
  });
  const logger = new JsonLogger('booking', config.LOG_LEVEL);
  startTracing('booking');
  const pool = instrumentPool(createPool(config.DATABASE_URL, 10, (error) => logger.write('warn', 'database connection lost', { error: error.message })), 'booking');
  const bus = new KafkaMessageBus({ brokers: config.KAFKA_BROKERS, clientId: 'booking', namespace: config.KAFKA_TOPIC_PREFIX, log: (level, message, extra) => logger.write(level, message, extra) });
  const app = await createBookingApp({ databaseUrl: config.DATABASE_URL, pool, bus, logger, internalSecret: config.INTERNAL_SECRET, membershipUrl: config.MEMBERSHIP_URL, ledgerUrl: config.LEDGER_URL });
  await app.listen(config.PORT);
  logger.write('info', `booking listening on ${config.PORT}`);
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
