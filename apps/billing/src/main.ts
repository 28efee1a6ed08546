import 'reflect-metadata';
import { createBillingApp } from '@credits/billing-service';
import { kafkaBusFor } from '@credits/messaging';
import { backendServiceVars, loadConfig, optional, runService, servicePool, url } from '@credits/platform';

runService({
  name: 'billing',
  config: () =>
    loadConfig({
      ...backendServiceVars('billing', '3003'),
      MEMBERSHIP_URL: url('base URL of the membership service (who a buyer is, asked at each purchase)', ['http:', 'https:'], 'http://localhost:3002'),
      LEDGER_URL: url('base URL of the ledger (a purchase answers once it has granted the credits)', ['http:', 'https:'], 'http://localhost:3001'),
      PAYMENTS_URL: optional(url('base URL of the payments service; unset: card purchases answer 503, bill and free work', ['http:', 'https:'])),
    }),
  async start(config, logger) {
    const pool = servicePool(config.DATABASE_URL, 10, logger);
    const bus = kafkaBusFor('billing', config, logger);
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
