import type { EventEnvelope } from '@credits/contracts';
import { CheckpointedProcessor } from '@credits/event-store';
import { Outbox, createRelay, type MessageBus, type OutboxEntry } from '@credits/messaging';
import { HealthModule, InternalCallersModule, ServiceNames, type JsonLogger } from '@credits/platform';
import { Inject, Module, type DynamicModule, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import { CreatePaymentController } from './create-payment/create-payment.controller';
import { CreatePaymentHandler } from './create-payment/create-payment.handler';
import { InternalRefundController, RefundPaymentController } from './refund-payment/refund-payment.controller';
import { RefundPaymentHandler } from './refund-payment/refund-payment.handler';
import type { MemberFactsSource } from '@credits/platform';
import type { PaymentProvider } from './shared/payment-provider.port';
import { MEMBER_FACTS, PAYMENT_PROVIDER, PAYMENTS_CLOCK, PAYMENTS_LOGGER, PAYMENTS_POOL, PAYMENTS_SCHEMA, type PaymentsClock } from './shared/payments.tokens';
import { StripeWebhookController } from './stripe-webhook/stripe-webhook.controller';
import { StripeWebhookHandler } from './stripe-webhook/stripe-webhook.handler';
import { ViewPaymentsController } from './view-payments/view-payments.controller';
import { ViewPaymentsHandler } from './view-payments/view-payments.handler';

export interface PaymentsDeps {
  readonly pool: Pool;
  readonly bus: MessageBus;
  readonly logger: JsonLogger;
  /** Stripe, stripe-mock, or card payments not configured (503) */
  readonly provider: PaymentProvider;
  /** who is admin or member of a location, asked of membership */
  readonly memberFacts: MemberFactsSource;
  /** shared secret of the internal tokens every call must carry (INTERNAL_SECRET) */
  readonly internalSecret: string;
  readonly clock?: PaymentsClock;
}

const PAYMENTS_RELAY = Symbol('PAYMENTS_RELAY');

/** Starts the outbox relay with the app and stops it (after its in-flight batch) on shutdown. */
class RelayLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(@Inject(PAYMENTS_RELAY) private readonly relay: CheckpointedProcessor<OutboxEntry>) {}
  onApplicationBootstrap(): void {
    this.relay.start();
  }
  async onApplicationShutdown(): Promise<void> {
    await this.relay.stop();
  }
}

@Module({})
export class PaymentsModule {
  static register(deps: PaymentsDeps): DynamicModule {
    const outbox = new Outbox(PAYMENTS_SCHEMA);
    return {
      module: PaymentsModule,
      imports: [
        CqrsModule.forRoot(),
        InternalCallersModule.register({ secret: deps.internalSecret, audience: ServiceNames.payments }),
        HealthModule.register(() => [
          { name: 'database', check: async () => (await deps.pool.query('SELECT 1')).rowCount === 1 },
          { name: 'broker', check: () => deps.bus.isReady() },
        ]),
      ],
      controllers: [CreatePaymentController, StripeWebhookController, RefundPaymentController, InternalRefundController, ViewPaymentsController],
      providers: [
        { provide: PAYMENTS_POOL, useValue: deps.pool },
        { provide: PAYMENTS_LOGGER, useValue: deps.logger },
        { provide: PAYMENT_PROVIDER, useValue: deps.provider },
        { provide: MEMBER_FACTS, useValue: deps.memberFacts },
        { provide: PAYMENTS_CLOCK, useValue: deps.clock ?? (() => new Date()) },
        {
          provide: PAYMENTS_RELAY,
          useFactory: () =>
            createRelay<OutboxEntry>({
              pool: deps.pool,
              schema: PAYMENTS_SCHEMA,
              name: 'outbox-relay',
              bus: deps.bus,
              read: (client, after, limit) => outbox.readCommitted(client, after, limit),
              toMessage: (entry) => ({ topic: entry.topic, envelope: entry.envelope as EventEnvelope }),
              onError: (error) => deps.logger.write('error', 'payments outbox relay failed', { error: String(error) }),
            }),
        },
        RelayLifecycle,
        CreatePaymentHandler,
        StripeWebhookHandler,
        RefundPaymentHandler,
        ViewPaymentsHandler,
      ],
    };
  }
}
