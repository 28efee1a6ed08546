import type { EventEnvelope } from '@credits/contracts';
import type { CheckpointedProcessor } from '@credits/event-store';
import { Outbox, createRelay, type MessageBus, type OutboxEntry, type Subscription } from '@credits/messaging';
import { HealthModule, InternalCallersModule, InternalHttpClient, InternalTokens, type JsonLogger, MembershipFactsClient, PaymentsClient, ServiceNames } from '@credits/platform';
import { Inject, Module, type DynamicModule, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import type { Pool } from 'pg';
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

export interface BillingDeps {
  readonly pool: Pool;
  readonly bus: MessageBus;
  readonly logger: JsonLogger;
  /** shared secret of the internal tokens (INTERNAL_SECRET): calls to billing carry one, billing's calls too */
  readonly internalSecret: string;
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

const BILLING_WORKERS = Symbol('BILLING_WORKERS');

interface Workers {
  readonly relay: CheckpointedProcessor<OutboxEntry>;
  subscribe(): Promise<Subscription[]>;
}

/** Starts the outbox relay and the consumers (payment outcomes, report facts) with the app; stops them (after their in-flight work) on shutdown. */
class WorkersLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private subscriptions: Subscription[] = [];

  constructor(@Inject(BILLING_WORKERS) private readonly workers: Workers) {}

  async onApplicationBootstrap(): Promise<void> {
    this.workers.relay.start();
    this.subscriptions = await this.workers.subscribe();
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.subscriptions.map((subscription) => subscription.stop()));
    await this.workers.relay.stop();
  }
}

@Module({})
export class BillingModule {
  static register(deps: BillingDeps): DynamicModule {
    const outbox = new Outbox(BILLING_SCHEMA);
    const tokens = new InternalTokens(deps.internalSecret);
    const client = (service: string, url: string) => new InternalHttpClient(ServiceNames.billing, service, url, tokens);
    const relay = createRelay<OutboxEntry>({
      pool: deps.pool,
      schema: BILLING_SCHEMA,
      name: 'outbox-relay',
      bus: deps.bus,
      read: (db, after, limit) => outbox.readCommitted(db, after, limit),
      toMessage: (entry) => ({ topic: entry.topic, envelope: entry.envelope as EventEnvelope }),
      onError: (error) => deps.logger.write('error', 'billing outbox relay failed', { error: String(error) }),
    });
    const workers: Workers = {
      relay,
      subscribe: () => Promise.all([subscribeToPaymentOutcomes(deps.pool, deps.bus, deps.logger), subscribeToReportFacts(deps.pool, deps.bus, deps.logger)]),
    };
    return {
      module: BillingModule,
      imports: [
        CqrsModule.forRoot(),
        InternalCallersModule.register({ secret: deps.internalSecret, audience: ServiceNames.billing }),
        HealthModule.register(() => [
          { name: 'database', check: async () => (await deps.pool.query('SELECT 1')).rowCount === 1 },
          { name: 'broker', check: () => deps.bus.isReady() },
        ]),
      ],
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
        { provide: BILLING_WORKERS, useValue: workers },
        WorkersLifecycle,
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
