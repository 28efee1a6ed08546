import 'reflect-metadata';
import { DEFAULT_HEARTBEAT_MS, DEFAULT_MAX_STREAMS_PER_USER, DEFAULT_READ_YOUR_WRITES_TIMEOUT_MS, corsOriginsVar, createGatewayApp, fetchJwksFrom } from '@credits/gateway-service';
import { kafkaBusFor } from '@credits/messaging';
import { ConfigError, duration, internalSecretVar, kafkaTopicPrefixVar, list, loadConfig, logLevelVar, nonNegativeInt, optional, port, positiveInt, runService, secret, startMetricsServer, str, url } from '@credits/platform';

runService({
  name: 'api-gateway',
  config: () => {
    const config = loadConfig({
      PORT: port('HTTP port of the public API', '3000'),
      METRICS_PORT: port('port of GET /metrics (Prometheus), apart from the public one (0 = any free port)', '9464'),
      JWT_SECRET: optional(secret('HS256 secret that signs access tokens (development, tests)', 32)),
      JWT_JWKS_URL: optional(url("the identity provider's JWKS: RS256 tokens are verified with its keys (production)", ['http:', 'https:'])),
      JWT_ISSUER: optional(str('required `iss` claim')),
      JWT_AUDIENCE: optional(str('required `aud` claim')),
      JWT_MAX_TTL: duration('longest access-token lifetime accepted (exp - iat; tokens without exp are refused), e.g. 24h', '24h'),
      LEDGER_URL: url('base URL of the ledger service', ['http:', 'https:'], 'http://localhost:3001'),
      MEMBERSHIP_URL: url('base URL of the membership service', ['http:', 'https:'], 'http://localhost:3002'),
      BILLING_URL: url('base URL of the billing service', ['http:', 'https:'], 'http://localhost:3003'),
      BOOKING_URL: url('base URL of the booking service', ['http:', 'https:'], 'http://localhost:3005'),
      PAYMENTS_URL: url('base URL of the payments service', ['http:', 'https:'], 'http://localhost:3004'),
      LOG_LEVEL: logLevelVar,
      CORS_ORIGINS: optional(corsOriginsVar()),
      INTERNAL_SECRET: internalSecretVar,
      READ_YOUR_WRITES_TIMEOUT_MS: nonNegativeInt(
        'how long a membership change waits for the ledger to apply it before answering 503 consistency-timeout, in ms (at most 15000)',
        String(DEFAULT_READ_YOUR_WRITES_TIMEOUT_MS),
      ),
      KAFKA_BROKERS: optional(list('Kafka bootstrap servers, comma-separated host:port: GET /v1/me/notifications streams from them (unset: that route answers 503)')),
      KAFKA_TOPIC_PREFIX: kafkaTopicPrefixVar,
      NOTIFICATION_HEARTBEAT_MS: nonNegativeInt('how often an open notification stream gets a heartbeat comment, in ms', String(DEFAULT_HEARTBEAT_MS)),
      NOTIFICATION_MAX_STREAMS_PER_USER: positiveInt('how many notification streams one user may hold open on one gateway instance', String(DEFAULT_MAX_STREAMS_PER_USER)),
    });
    if (!config.JWT_SECRET && !config.JWT_JWKS_URL) {
      throw new ConfigError('invalid configuration:\n  - JWT_SECRET or JWT_JWKS_URL is required (how access tokens are verified)');
    }
    return config;
  },
  async start(config, logger) {
    const bus = config.KAFKA_BROKERS
      ? kafkaBusFor('api-gateway', { ...config, KAFKA_BROKERS: config.KAFKA_BROKERS }, logger)
      : undefined;
    if (!bus) logger.write('warn', 'KAFKA_BROKERS not set: GET /v1/me/notifications answers 503');
    const app = await createGatewayApp({
      auth: {
        hs256Secret: config.JWT_SECRET,
        fetchJwks: config.JWT_JWKS_URL ? fetchJwksFrom(config.JWT_JWKS_URL) : undefined,
        issuer: config.JWT_ISSUER,
        audience: config.JWT_AUDIENCE,
        maxTtlSeconds: config.JWT_MAX_TTL,
      },
      ledgerUrl: config.LEDGER_URL,
      membershipUrl: config.MEMBERSHIP_URL,
      billingUrl: config.BILLING_URL,
      bookingUrl: config.BOOKING_URL,
      paymentsUrl: config.PAYMENTS_URL,
      corsOrigins: config.CORS_ORIGINS,
      internalSecret: config.INTERNAL_SECRET,
      readYourWritesTimeoutMs: config.READ_YOUR_WRITES_TIMEOUT_MS,
      notifications: bus ? { bus, logger, heartbeatMs: config.NOTIFICATION_HEARTBEAT_MS, maxStreamsPerUser: config.NOTIFICATION_MAX_STREAMS_PER_USER } : undefined,
      logger,
    });
    const metrics = await startMetricsServer(config.METRICS_PORT);
    return { app, port: config.PORT, note: `docs at /docs, metrics on ${metrics.port}`, release: [bus, metrics] };
  },
});
