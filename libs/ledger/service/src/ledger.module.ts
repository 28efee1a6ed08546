import { Sources, Topics } from '@credits/contracts';
import { PgEventStore, type CheckpointedProcessor, type StoredEvent } from '@credits/event-store';
import { consumers, createRelay, type MessageBus } from '@credits/messaging';
import { ServiceNames, serviceWiring, type JsonLogger } from '@credits/platform';
import { Module, type DynamicModule } from '@nestjs/common';
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
import { WalletReadBatcher } from './wallets/wallet-read.batcher';
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

@Module({})
export class LedgerModule {
  static register(deps: LedgerDeps): DynamicModule {
    const { pool, bus, logger } = deps;
    const executor = new WalletCommandExecutor(pool);
    const inbox = membershipInbox(pool);
    const relay = createLedgerRelay(pool, bus, logger);
    executor.onCommitted(() => relay.nudge());
    const expiry = new ExpiryScheduler({
      pool,
      executor,
      warningLeadMs: deps.expiryWarningLeadMs,
      onError: (error) => logger.write('error', 'expiry scheduler failed', { error: String(error) }),
    });
    // Started in this order, stopped in the reverse: the executor closes last, after everything that commits through it.
    const wiring = serviceWiring(ServiceNames.ledger, deps, [
      { start: () => undefined, stop: () => executor.close() },
      consumers(async () => [
        await subscribeToMembership(bus, inbox, logger),
        await subscribeToPlanPeriods(pool, bus, executor, logger),
        await subscribeToPurchasesAndRefunds(pool, bus, executor, logger),
      ]),
      relay,
      expiry,
    ]);
    return {
      module: LedgerModule,
      imports: [CqrsModule.forRoot(), ...wiring.imports],
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
        { provide: LEDGER_POOL, useValue: pool },
        { provide: MEMBERSHIP_INBOX, useValue: inbox },
        { provide: WalletCommandExecutor, useValue: executor },
        ...wiring.providers,
        GrantCreditsHandler,
        DeductCreditsHandler,
        { provide: InternalWalletOperations, useValue: new InternalWalletOperations(executor, pool) },
        SpendCreditsHandler,
        HoldCreditsHandler,
        CaptureHoldHandler,
        ReleaseHoldHandler,
        RefundCreditsHandler,
        { provide: WalletReadBatcher, useFactory: (ledgerPool: Pool) => WalletReadBatcher.onPool(ledgerPool), inject: [LEDGER_POOL] },
        ViewBalanceHandler,
        ViewTransactionsHandler,
        ViewLiabilityReportHandler,
      ],
    };
  }
}
