import 'reflect-metadata';
import { DEFAULT_EXPIRY_WARNING_LEAD_MS, createLedgerApp } from '@credits/ledger-service';
import { kafkaBusFor } from '@credits/messaging';
import { backendServiceVars, loadConfig, nonNegativeInt, runService, servicePool } from '@credits/platform';

runService({
  name: 'ledger',
  config: () =>
    loadConfig({
      ...backendServiceVars('ledger', '3001'),
      EXPIRY_WARNING_LEAD_MS: nonNegativeInt('how long before credits expire CreditsExpiringSoon is emitted, in ms (0: never)', String(DEFAULT_EXPIRY_WARNING_LEAD_MS)),
    }),
  async start(config, logger) {
    const pool = servicePool(config.DATABASE_URL, 20, logger);
    const bus = kafkaBusFor('ledger', config, logger);
    const app = await createLedgerApp({ databaseUrl: config.DATABASE_URL, pool, bus, logger, internalSecret: config.INTERNAL_SECRET, expiryWarningLeadMs: config.EXPIRY_WARNING_LEAD_MS });
    return { app, port: config.PORT, release: [bus, pool] };
  },
});
