import { Sources, Topics } from '@credits/contracts';
import { PgEventStore, type CheckpointedProcessor, type StoredEvent } from '@credits/event-store';
import { createRelay, type Inbox, type MessageBus, type Subscription } from '@credits/messaging';
import { HealthModule, InternalCallersModule, ServiceNames, type JsonLogger } from '@credits/platform';
import { Inject, Module, type DynamicModule, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import { DeductCreditsController } from './deduct-credits/deduct-credits.controller';
import { DeductCreditsHandler } from './deduct-credits/deduct-credits.handler';
import { GrantCreditsController } from './grant-credits/grant-credits.controller';
import { GrantCreditsHandler } from './grant-credits/grant-credits.handler';
import { MembershipAppliedController } from './membership-projection/membership-applied.controller';
import { MEMBERSHIP_INBOX, membershipInbox, subscribeToMembership } from './membership-projection/membership-projection.consumer';
import { LEDGER_POOL, LEDGER_SCHEMA } from './shared/ledger.tokens';
import { WalletCommandExecutor } from './wallets/wallet-command.executor';
import { CaptureHoldController } from './capture-hold/capture-hold.controller';
import { CaptureHoldHandler } from './capture-hold/capture-hold.handler';
import { ExpiryScheduler } from './expiry-scheduler/expiry.scheduler';
import { HoldCreditsController } from './hold-credits/hold-credits.controller';
import { HoldCreditsHandler } from './hold-credits/hold-credits.handler';
import { InternalWalletOperations } from './internal-api/internal-wallet-operations';
import { subscribeToPlanPeriods } from './plan-period-reactions/plan-period.consumer';
import { PurchaseAppliedController } from './purchase-and-refund-reactions/purchase-applied.controller';
import { subscribeToPurchasesAndRefunds } from './purchase-and-refund-reactions/purchase-and-refund.consumer';
import { RefundCreditsController } from './refund-credits/refund-credits.controller';
import { RefundCreditsHandler } from './refund-credits/refund-credits.handler';
import { ReleaseHoldController } from './release-hold/release-hold.controller';
import { ReleaseHoldHandler } from './release-hold/release-hold.handler';
import { SpendCreditsController } from './spend-credits/spend-credits.controller';
import { SpendCreditsHandler } from './spend-credits/spend-credits.handler';
import { ViewBalanceController } from './view-balance/view-balance.controller';
import { ViewBalanceHandler } from './view-balance/view-balance.handler';
import { ViewLiabilityReportController } from './view-liability-report/view-liability-report.controller';
import { ViewLiabilityReportHandler } from './view-liability-report/view-liability-report.handler';
import { ViewTransactionsController } from './view-transactions/view-transactions.controller';
import { ViewTransactionsHandler } from './view-transactions/view-transactions.handler';

export interface LedgerDeps {
  readonly pool: Pool;
  readonly bus: MessageBus;
  readonly logger: JsonLogger;
  /** shared secret of the internal tokens every call must carry (INTERNAL_SECRET) */
  readonly internalSecret: string;
  /** how long before credits expire CreditsExpiringSoon is emitted (default 3 days) */
  readonly expiryWarningLeadMs?: number;
}

const LEDGER_DEPS = Symbol('LEDGER_DEPS');

/** Publishes the event store to the ledger topic, keyed by wallet id, as CloudEvents. */
export function createLedgerRelay(pool: Pool, bus: MessageBus, logger: JsonLogger): CheckpointedProcessor<StoredEvent> {
  const eventStore = new PgEventStore(LEDGER_SCHEMA);
  return createRelay<StoredEvent>({
    pool,
    schema: LEDGER_SCHEMA,
    name: 'event-relay',
    bus,
    read: (client, after, limit) => eventStore.readAllCommitted(client, after, limit),
    toMessage: (event) => ({
      topic: Topics.ledger,
      envelope: {
        id: event.eventId,
        source: Sources.ledger,
        type: event.type,
        version: event.version,
        time: event.occurredAt,
        key: event.streamId,
        correlationId: event.metadata.correlationId,
        causationId: event.metadata.causationId,
        ...(event.metadata.traceparent ? { traceparent: event.metadata.traceparent } : {}),
        data: event.data,
      },
    }),
    onError: (error) => logger.write('error', 'ledger event relay failed', { error: String(error) }),
  });
}

/** Consumers first, then the relay; on shutdown the reverse, each finishing its in-flight work. */
class LedgerLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private subscription: Subscription | null = null;
  private readonly relay: CheckpointedProcessor<StoredEvent>;
  private reactions: Subscription[] = [];
  private readonly expiry: ExpiryScheduler;

  constructor(
    @Inject(LEDGER_DEPS) private readonly deps: LedgerDeps,
    @Inject(MEMBERSHIP_INBOX) private readonly inbox: Inbox,
    private readonly executor: WalletCommandExecutor,
  ) {
    this.relay = createLedgerRelay(deps.pool, deps.bus, deps.logger);
    executor.onCommitted(() => this.relay.nudge());
    this.expiry = new ExpiryScheduler({
      pool: deps.pool,
      executor,
      warningLeadMs: deps.expiryWarningLeadMs,
      onError: (error) => deps.logger.write('error', 'expiry scheduler failed', { error: String(error) }),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    this.subscription = await subscribeToMembership(this.deps.bus, this.inbox, this.deps.logger);
    const { pool, bus, logger } = this.deps;
    this.reactions = [
      await subscribeToPlanPeriods(pool, bus, this.executor, logger),
      await subscribeToPurchasesAndRefunds(pool, bus, this.executor, logger),
    ];
    this.relay.start();
    this.expiry.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.expiry.stop();
    await this.relay.stop();
    for (const reaction of this.reactions) await reaction.stop();
    await this.subscription?.stop();
    await this.executor.close();
  }
}

@Module({})
export class LedgerModule {
  static register(deps: LedgerDeps): DynamicModule {
    return {
      module: LedgerModule,
      imports: [
        CqrsModule.forRoot(),
        InternalCallersModule.register({ secret: deps.internalSecret, audience: ServiceNames.ledger }),
        HealthModule.register(() => [
          { name: 'database', check: async () => (await deps.pool.query('SELECT 1')).rowCount === 1 },
          { name: 'broker', check: () => deps.bus.isReady() },
        ]),
      ],
      controllers: [
        GrantCreditsController,
        DeductCreditsController,
        ViewBalanceController,
        ViewTransactionsController,
        MembershipAppliedController,
        PurchaseAppliedController,
        SpendCreditsController,
        HoldCreditsController,
        CaptureHoldController,
        ReleaseHoldController,
        RefundCreditsController,
        ViewLiabilityReportController,
      ],
      providers: [
        { provide: LEDGER_DEPS, useValue: deps },
        { provide: LEDGER_POOL, useValue: deps.pool },
        { provide: MEMBERSHIP_INBOX, useFactory: () => membershipInbox(deps.pool) },
        { provide: WalletCommandExecutor, useFactory: () => new WalletCommandExecutor(deps.pool) },
        GrantCreditsHandler,
        DeductCreditsHandler,
        { provide: InternalWalletOperations, useFactory: (executor: WalletCommandExecutor) => new InternalWalletOperations(executor, deps.pool), inject: [WalletCommandExecutor] },
        SpendCreditsHandler,
        HoldCreditsHandler,
        CaptureHoldHandler,
        ReleaseHoldHandler,
        RefundCreditsHandler,
        ViewBalanceHandler,
        ViewTransactionsHandler,
        ViewLiabilityReportHandler,
        LedgerLifecycle,
      ],
    };
  }
}
