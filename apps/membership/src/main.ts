import 'reflect-metadata';
import { kafkaBusFor } from '@credits/messaging';
import { MembershipClock, createMembershipApp } from '@credits/membership-service';
import { backendServiceVars, ConfigError, loadConfig, nonNegativeInt, oneOf, runService, servicePool } from '@credits/platform';

runService({
  name: 'membership',
  config: () => {
    const config = loadConfig({
      ...backendServiceVars('membership', '3002'),
      ENABLE_TEST_CLOCK: oneOf('tests only: "true" serves POST /internal/clock to move the service clock forward', ['true', 'false'] as const, 'false'),
      CLOCK_OFFSET_MS: nonNegativeInt('tests only (with ENABLE_TEST_CLOCK=true): start with the clock this far ahead, in ms', '0'),
    });
    if (config.ENABLE_TEST_CLOCK !== 'true' && config.CLOCK_OFFSET_MS !== 0) throw new ConfigError('CLOCK_OFFSET_MS needs ENABLE_TEST_CLOCK=true (never set it in production)');
    return config;
  },
  async start(config, logger) {
    const pool = servicePool(config.DATABASE_URL, 10, logger);
    const bus = kafkaBusFor('membership', config, logger);
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
