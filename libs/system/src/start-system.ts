import { createBillingApp } from '@credits/billing-service';
import { createBookingApp } from '@credits/booking-service';
import { AllowedOrigins } from '@credits/gateway-service';
import { createLedgerApp } from '@credits/ledger-service';
import { createMembershipApp } from '@credits/membership-service';
import type { MessageBus } from '@credits/messaging';
import { MembershipFactsClient, createPaymentsApp, type PaymentProvider } from '@credits/payments-service';
import { InternalTokens, JsonLogger, createPool, instrumentPool, type LogLevel, type MetricsSource } from '@credits/platform';
import type { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { MessageChannel } from 'node:worker_threads';
import { startGatewayThread } from './gateway-thread';

export interface SystemOptions {
  readonly databaseUrl: string;
  readonly bus: MessageBus;
  readonly jwtSecret: string;
  /** origins browser apps may call the gateway from; none when unset */
  readonly corsOrigins?: AllowedOrigins;
  /** signs the calls between the services; default: a random one (they all run in this process) */
  readonly internalSecret?: string;
  /** card payments: Stripe, stripe-mock, or not configured (503) */
  readonly paymentProvider: PaymentProvider;
  /** public port of the gateway; 0 picks a free one */
  readonly port: number;
  readonly logLevel?: LogLevel;
  /** how long a booking's card payment may take (default 15 min; tests set it short) */
  readonly bookingPaymentTimeoutMs?: number;
}

export interface RunningSystem {
  readonly gatewayUrl: string;
  readonly ledgerUrl: string;
  readonly membershipUrl: string;
  readonly paymentsUrl: string;
  readonly billingUrl: string;
  readonly bookingUrl: string;
  /** the gateway's metrics: they live in its thread */
  readonly gatewayMetrics: MetricsSource;
  /** Gateway first so no new work arrives; each app drains its requests, relays and consumers. */
  stop(): Promise<void>;
}

/**
 * Every service in this process, sharing one database (each in its own schema) and one bus; the
 * gateway in a thread of its own, so that Node can use a second core. Services listen on loopback
 * ports and talk HTTP as they do when deployed apart.
 */
export async function startSystem(options: SystemOptions): Promise<RunningSystem> {
  const level = options.logLevel ?? 'info';
  const pool = instrumentPool(createPool(options.databaseUrl, 20), 'shared');
  const started: INestApplication[] = [];
  // The gateway thread's wallet calls reach the ledger's fast lane over it, not over loopback HTTP.
  const ledgerLane = new MessageChannel();
  const listen = async (app: INestApplication): Promise<string> => {
    started.unshift(app);
    await app.listen(0, '127.0.0.1');
    const address = app.getHttpServer().address() as { port: number };
    return `http://127.0.0.1:${address.port}`;
  };
  try {
    const internalSecret = options.internalSecret ?? randomBytes(32).toString('base64url');
    const common = { databaseUrl: options.databaseUrl, pool, bus: options.bus, internalSecret };
    const membershipUrl = await listen(await createMembershipApp({ ...common, logger: new JsonLogger('membership', level) }));
    const ledgerUrl = await listen(await createLedgerApp({ ...common, fastLanePort: ledgerLane.port1, logger: new JsonLogger('ledger', level) }));
    const memberFacts = new MembershipFactsClient(membershipUrl, new InternalTokens(internalSecret));
    const paymentsApp = await createPaymentsApp({ ...common, provider: options.paymentProvider, memberFacts, logger: new JsonLogger('payments', level) });
    const paymentsUrl = await listen(paymentsApp);
    const billingApp = await createBillingApp({ ...common, membershipUrl, ledgerUrl, paymentsUrl, logger: new JsonLogger('billing', level) });
    const billingUrl = await listen(billingApp);
    const bookingUrl = await listen(await createBookingApp({ ...common, membershipUrl, ledgerUrl, paymentsUrl, paymentTimeoutMs: options.bookingPaymentTimeoutMs, logger: new JsonLogger('booking', level) }));
    const urls = { ledgerUrl, membershipUrl, paymentsUrl, billingUrl, bookingUrl };
    const corsOrigins = (options.corsOrigins ?? AllowedOrigins.none).toString();
    const gateway = await startGatewayThread({ ...urls, jwtSecret: options.jwtSecret, corsOrigins, internalSecret, port: options.port, logLevel: level, ledgerLanePort: ledgerLane.port2 }, options.bus);
    return {
      gatewayUrl: gateway.url,
      gatewayMetrics: gateway.metrics,
      ledgerUrl,
      membershipUrl,
      paymentsUrl,
      billingUrl,
      bookingUrl,
      stop: async () => {
        await gateway.stop();
        ledgerLane.port1.close();
        for (const app of started) await app.close();
        await pool.end();
      },
    };
  } catch (error) {
    ledgerLane.port1.close();
    for (const app of started) await app.close().catch(() => undefined);
    await pool.end();
    throw error;
  }
}
