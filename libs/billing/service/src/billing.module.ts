import { consumers, createOutboxRelay, type OutboxServiceDeps } from '@credits/messaging';
import { InternalHttpClient, InternalTokens, MembershipFactsClient, PaymentsClient, ServiceNames, serviceWiring } from '@credits/platform';
import { Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ArchiveCreditOptionController } from './archive-credit-option/archive-credit-option.controller';
import { ArchiveCreditOptionHandler } from './archive-credit-option/archive-credit-option.handler';
import { BuyCreditsController } from './buy-credits/buy-credits.controller';
import { BuyCreditsHandler } from './buy-credits/buy-credits.handler';
import { CancelPurchaseController } from './cancel-purchase/cancel-purchase.controller';
import { ChangeCreditOptionController } from './change-credit-option/change-credit-option.controller';
import { ChangeCreditOptionHandler } from './change-credit-option/change-credit-option.handler';
import { CreateCreditOptionController } from './create-credit-option/create-credit-option.controller';
import { CreateCreditOptionHandler } from './create-credit-option/create-credit-option.handler';
import { subscribeToPaymentOutcomes } from './payment-outcomes/payment-outcomes.consumer';
import { subscribeToReportFacts } from './reports-projection/reports-projection.consumer';
import { BILLING_CLOCK, BILLING_POOL, BILLING_SCHEMA, CARD_PAYMENTS, LEDGER_APPLIED, MEMBER_FACTS, type BillingClock } from './shared/billing.tokens';
import { CardPaymentsNotConfigured } from './shared/card-payments.client';
import { LedgerAppliedClient } from './shared/ledger-applied.client';
import { ViewBillsController } from './view-bills/view-bills.controller';
import { ViewBillsHandler } from './view-bills/view-bills.handler';
import { ViewCreditOptionsController } from './view-credit-options/view-credit-options.controller';
import { ViewCreditOptionsHandler } from './view-credit-options/view-credit-options.handler';
import { ViewCreditReportController } from './view-credit-report/view-credit-report.controller';
import { ViewCreditReportHandler } from './view-credit-report/view-credit-report.handler';
import { ViewPurchasesController } from './view-purchases/view-purchases.controller';
import { ViewPurchaseHandler, ViewPurchasesHandler } from './view-purchases/view-purchases.handler';
import { ViewRevenueReportController } from './view-revenue-report/view-revenue-report.controller';
import { ViewRevenueReportHandler } from './view-revenue-report/view-revenue-report.handler';

export interface BillingDeps extends OutboxServiceDeps {
  /** membership, asked for a member's facts at each decision */
  readonly membershipUrl: string;
  /** the ledger, asked whether it has granted the credits of a purchase before the purchase answers */
  readonly ledgerUrl: string;
  /** how long a purchase waits for the ledger before 503 consistency-timeout (default 10 s) */
  readonly readYourWritesTimeoutMs?: number;
  /** the payments service; without it card purchases answer 503 (bill and free keep working) */
  readonly paymentsUrl?: string;
  readonly clock?: BillingClock;
}

@Module({})
export class BillingModule {
  static register(deps: BillingDeps): DynamicModule {
    const tokens = new InternalTokens(deps.internalSecret);
    const client = (service: string, url: string) => new InternalHttpClient(ServiceNames.billing, service, url, tokens);
    const relay = createOutboxRelay(deps, BILLING_SCHEMA, ServiceNames.billing);
    const wiring = serviceWiring(ServiceNames.billing, deps, [relay, consumers(() => Promise.all([subscribeToPaymentOutcomes(deps.pool, deps.bus, deps.logger), subscribeToReportFacts(deps.pool, deps.bus, deps.logger)]))]);
    return {
      module: BillingModule,
      imports: [CqrsModule.forRoot(), ...wiring.imports],
      controllers: [
        CreateCreditOptionController,
        ChangeCreditOptionController,
        ArchiveCreditOptionController,
        ViewCreditOptionsController,
        BuyCreditsController,
        ViewPurchasesController,
        CancelPurchaseController,
        ViewBillsController,
        ViewRevenueReportController,
        ViewCreditReportController,
      ],
      providers: [
        { provide: BILLING_POOL, useValue: deps.pool },
        { provide: BILLING_CLOCK, useValue: deps.clock ?? { now: () => new Date() } },
        { provide: MEMBER_FACTS, useValue: new MembershipFactsClient(client(ServiceNames.membership, deps.membershipUrl)) },
        { provide: LEDGER_APPLIED, useValue: new LedgerAppliedClient(client(ServiceNames.ledger, deps.ledgerUrl), deps.readYourWritesTimeoutMs ?? 10_000) },
        { provide: CARD_PAYMENTS, useValue: deps.paymentsUrl ? new PaymentsClient(client(ServiceNames.payments, deps.paymentsUrl)) : new CardPaymentsNotConfigured() },
        ...wiring.providers,
        CreateCreditOptionHandler,
        ChangeCreditOptionHandler,
        ArchiveCreditOptionHandler,
        BuyCreditsHandler,
        ViewCreditOptionsHandler,
        ViewPurchasesHandler,
        ViewPurchaseHandler,
        ViewBillsHandler,
        ViewRevenueReportHandler,
        ViewCreditReportHandler,
      ],
    };
  }
}
