import 'reflect-metadata';
import { createBookingApp } from '@credits/booking-service';
import { kafkaBusFor } from '@credits/messaging';
import { backendServiceVars, loadConfig, nonNegativeInt, runService, servicePool, url } from '@credits/platform';

runService({
  name: 'booking',
  config: () =>
    loadConfig({
      ...backendServiceVars('booking', '3005'),
      MEMBERSHIP_URL: url('base URL of the membership service (who a booker is, asked at each booking)', ['http:', 'https:'], 'http://localhost:3002'),
      LEDGER_URL: url('base URL of the ledger (holds, captures and refunds the credits of bookings)', ['http:', 'https:'], 'http://localhost:3001'),
      PAYMENTS_URL: url('base URL of payments (the card part of card and split bookings, and its refunds)', ['http:', 'https:'], 'http://localhost:3004'),
      BOOKING_PAYMENT_TIMEOUT_MS: nonNegativeInt('how long a card payment may take before the booking fails and frees its slot, in ms', '900000'),
    }),
  async start(config, logger) {
    const pool = servicePool(config.DATABASE_URL, 10, logger);
    const bus = kafkaBusFor('booking', config, logger);
    const app = await createBookingApp({ databaseUrl: config.DATABASE_URL, pool, bus, logger, internalSecret: config.INTERNAL_SECRET, membershipUrl: config.MEMBERSHIP_URL, ledgerUrl: config.LEDGER_URL, paymentsUrl: config.PAYMENTS_URL, paymentTimeoutMs: config.BOOKING_PAYMENT_TIMEOUT_MS });
    return { app, port: config.PORT, release: [bus, pool] };
  },
});
