import { createOutboxRelay, type OutboxServiceDeps } from '@credits/messaging';
import { ServiceNames, serviceWiring } from '@credits/platform';
import { Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
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

export interface PaymentsDeps extends OutboxServiceDeps {
  /** Stripe, stripe-mock, or card payments not configured (503) */
  readonly provider: PaymentProvider;
  /** who is admin or member of a location, asked of membership */
  readonly memberFacts: MemberFactsSource;
  readonly clock?: PaymentsClock;
}

@Module({})
export class PaymentsModule {
  static register(deps: PaymentsDeps): DynamicModule {
    const relay = createOutboxRelay(deps, PAYMENTS_SCHEMA, ServiceNames.payments);
    const wiring = serviceWiring(ServiceNames.payments, deps, [relay]);
    return {
      module: PaymentsModule,
      imports: [CqrsModule.forRoot(), ...wiring.imports],
      controllers: [CreatePaymentController, StripeWebhookController, RefundPaymentController, InternalRefundController, ViewPaymentsController],
      providers: [
        { provide: PAYMENTS_POOL, useValue: deps.pool },
        { provide: PAYMENTS_LOGGER, useValue: deps.logger },
        { provide: PAYMENT_PROVIDER, useValue: deps.provider },
        { provide: MEMBER_FACTS, useValue: deps.memberFacts },
        { provide: PAYMENTS_CLOCK, useValue: deps.clock ?? (() => new Date()) },
        ...wiring.providers,
        CreatePaymentHandler,
        StripeWebhookHandler,
        RefundPaymentHandler,
        ViewPaymentsHandler,
      ],
    };
  }
}
