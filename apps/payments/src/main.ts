import 'reflect-metadata';
import { kafkaBusFor } from '@credits/messaging';
import { MembershipFactsClient, createPaymentsApp, paymentProviderFrom, stripeConfigVars } from '@credits/payments-service';
import { backendServiceVars, InternalTokens, loadConfig, runService, servicePool, url } from '@credits/platform';

runService({
  name: 'payments',
  config: () =>
    loadConfig({
      ...backendServiceVars('payments', '3004'),
      MEMBERSHIP_URL: url('membership service base URL (who is admin or member of a location)', ['http:', 'https:']),
      ...stripeConfigVars,
    }),
  async start(config, logger) {
    const { provider, describe } = paymentProviderFrom(config);
    const pool = servicePool(config.DATABASE_URL, 10, logger);
    const bus = kafkaBusFor('payments', config, logger);
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
