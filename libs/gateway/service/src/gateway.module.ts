import { HealthModule, InternalTokens, ServiceNames, type FastLaneClient } from '@credits/platform';
import { Module, type DynamicModule } from '@nestjs/common';
import { AccessTokenVerifier, type AccessTokenOptions } from './auth/access-token.verifier';
import { JwtAuthGuard } from './auth/jwt-auth.guard';
import { BillingController } from './billing/billing.controller';
import { BookingController } from './booking/booking.controller';
import { CompaniesController } from './companies/companies.controller';
import { CreditsController } from './credits/credits.controller';
import { LocationsController } from './locations/locations.controller';
import { MembershipForwarder } from './locations/membership-forwarder';
import { MeController } from './me/me.controller';
import { missedNotificationsFrom } from './notifications/missed-notifications.client';
import { NotificationHub, type NotificationOptions } from './notifications/notification-hub';
import { NotificationsController } from './notifications/notifications.controller';
import { PaymentsController } from './payments/payments.controller';
import { PlansController } from './plans/plans.controller';
import { LiabilityReportController } from './reports/liability-report.controller';
import { MonthlyReportsController } from './reports/monthly-reports.controller';
import { ServiceClient } from './proxy/service-client';
import { BILLING_CLIENT, BOOKING_CLIENT, LEDGER_CLIENT, MEMBERSHIP_CLIENT, PAYMENTS_CLIENT, READ_YOUR_WRITES_TIMEOUT_MS, ReadYourWrites } from './proxy/services';

export interface GatewayDeps {
  readonly auth: AccessTokenOptions;
  readonly ledgerUrl: string;
  readonly membershipUrl: string;
  readonly billingUrl: string;
  readonly bookingUrl: string;
  readonly paymentsUrl: string;
  /** shared secret that signs the internal tokens of forwarded calls (INTERNAL_SECRET) */
  readonly internalSecret: string;
  /** how long a membership change waits for the ledger to apply it before 503 consistency-timeout (default 10 s) */
  readonly readYourWritesTimeoutMs?: number;
  /** the ledger's fast lane in another thread of this process (embedded mode); else HTTP */
  readonly ledgerFastLane?: FastLaneClient;
  /** serves GET /v1/me/notifications from the event bus; without it that route answers 503 */
  readonly notifications?: NotificationOptions;
}

export const DEFAULT_READ_YOUR_WRITES_TIMEOUT_MS = 10000;

@Module({})
export class GatewayModule {
  static register(deps: GatewayDeps): DynamicModule {
    const tokens = new InternalTokens(deps.internalSecret);
    const ledger = new ServiceClient(ServiceNames.ledger, deps.ledgerUrl, tokens, deps.ledgerFastLane);
    const membership = new ServiceClient(ServiceNames.membership, deps.membershipUrl, tokens);
    const billing = new ServiceClient(ServiceNames.billing, deps.billingUrl, tokens);
    const payments = new ServiceClient(ServiceNames.payments, deps.paymentsUrl, tokens);
    const booking = new ServiceClient(ServiceNames.booking, deps.bookingUrl, tokens);
    return {
      module: GatewayModule,
      imports: [
        HealthModule.register(() => [
          { name: 'ledger', check: () => ledger.isReady() },
          { name: 'membership', check: () => membership.isReady() },
          { name: 'billing', check: () => billing.isReady() },
          { name: 'payments', check: () => payments.isReady() },
          { name: 'booking', check: () => booking.isReady() },
          ...(deps.notifications ? [{ name: 'broker', check: () => deps.notifications!.bus.isReady() }] : []),
        ]),
      ],
      controllers: [MeController, LocationsController, CompaniesController, PlansController, CreditsController, LiabilityReportController, MonthlyReportsController, PaymentsController, BillingController, BookingController, NotificationsController],
      providers: [
        { provide: AccessTokenVerifier, useValue: new AccessTokenVerifier(deps.auth) },
        { provide: LEDGER_CLIENT, useValue: ledger },
        { provide: MEMBERSHIP_CLIENT, useValue: membership },
        { provide: BILLING_CLIENT, useValue: billing },
        { provide: PAYMENTS_CLIENT, useValue: payments },
        { provide: BOOKING_CLIENT, useValue: booking },
        { provide: READ_YOUR_WRITES_TIMEOUT_MS, useValue: deps.readYourWritesTimeoutMs ?? DEFAULT_READ_YOUR_WRITES_TIMEOUT_MS },
        JwtAuthGuard,
        ReadYourWrites,
        MembershipForwarder,
        ...(deps.notifications ? [{ provide: NotificationHub, useValue: new NotificationHub(deps.notifications, missedNotificationsFrom(membership)) }] : []),
      ],
    };
  }
}
