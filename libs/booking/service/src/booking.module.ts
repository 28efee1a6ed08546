import { consumers, createOutboxRelay, type OutboxServiceDeps } from '@credits/messaging';
import { InternalHttpClient, InternalTokens, MembershipFactsClient, PaymentsClient, ServiceNames, serviceWiring } from '@credits/platform';
import { Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ArchiveResourceController } from './archive-resource/archive-resource.controller';
import { ArchiveResourceHandler } from './archive-resource/archive-resource.handler';
import { CancelBookingController } from './cancel-booking/cancel-booking.controller';
import { CancelBookingHandler } from './cancel-booking/cancel-booking.handler';
import { ChangeResourceController } from './change-resource/change-resource.controller';
import { ChangeResourceHandler } from './change-resource/change-resource.handler';
import { CheckInController } from './check-in/check-in.controller';
import { CreateResourceController } from './create-resource/create-resource.controller';
import { CreateResourceHandler } from './create-resource/create-resource.handler';
import { FulfillOrderController } from './fulfill-order/fulfill-order.controller';
import { FulfillOrderHandler } from './fulfill-order/fulfill-order.handler';
import { PlaceBookingController } from './place-booking/place-booking.controller';
import { PlaceBookingHandler } from './place-booking/place-booking.handler';
import { subscribeToBookingPaymentOutcomes } from './payment-outcomes/payment-outcomes.consumer';
import { paymentTimeoutWorker } from './payment-timeout/payment-timeout.worker';
import { sagaRecoveryWorker } from './saga-recovery/saga-recovery.worker';
import { BookingSaga } from './shared/booking.saga';
import { BOOKING_CLOCK, BOOKING_POOL, BOOKING_SAGA, BOOKING_SCHEMA, MEMBER_FACTS, type BookingClock } from './shared/booking.tokens';
import { LedgerCreditsClient } from './shared/ledger-credits.client';
import { ViewBookingsController } from './view-bookings/view-bookings.controller';
import { ViewBookingsHandler } from './view-bookings/view-bookings.handler';
import { ViewQuoteController } from './view-quote/view-quote.controller';
import { ViewQuoteHandler } from './view-quote/view-quote.handler';
import { ViewResourcesController } from './view-resources/view-resources.controller';
import { ViewResourcesHandler } from './view-resources/view-resources.handler';

export interface BookingDeps extends OutboxServiceDeps {
  /** membership, asked for the caller's facts at each decision */
  readonly membershipUrl: string;
  /** the ledger, whose internal API holds, captures and refunds the credits */
  readonly ledgerUrl: string;
  /** payments, whose internal API takes the card part of card and split bookings and refunds it */
  readonly paymentsUrl: string;
  /** how long a card payment may take before the booking fails and frees its slot (default 15 min) */
  readonly paymentTimeoutMs?: number;
  /** how often the recovery worker looks for bookings left between saga steps (default 5 s) */
  readonly recoveryIntervalMs?: number;
  /** how long a booking rests between steps before the worker resumes it (default 10 s) */
  readonly recoveryStaleMs?: number;
  readonly clock?: BookingClock;
}

@Module({})
export class BookingModule {
  static register(deps: BookingDeps): DynamicModule {
    const tokens = new InternalTokens(deps.internalSecret);
    const client = (service: string, url: string) => new InternalHttpClient(ServiceNames.booking, service, url, tokens);
    const clock = deps.clock ?? { now: () => new Date() };
    const paymentTimeoutMs = deps.paymentTimeoutMs ?? 15 * 60_000;
    const payments = new PaymentsClient(client(ServiceNames.payments, deps.paymentsUrl));
    const saga = new BookingSaga(deps.pool, new LedgerCreditsClient(client(ServiceNames.ledger, deps.ledgerUrl)), clock, payments, paymentTimeoutMs, deps.logger);
    const relay = createOutboxRelay(deps, BOOKING_SCHEMA, ServiceNames.booking);
    const recoveryIntervalMs = deps.recoveryIntervalMs ?? 5_000;
    const recovery = sagaRecoveryWorker(deps.pool, saga, clock, deps.logger, recoveryIntervalMs, deps.recoveryStaleMs ?? 10_000);
    const paymentTimeout = paymentTimeoutWorker(deps.pool, saga, clock, deps.logger, Math.min(recoveryIntervalMs, paymentTimeoutMs), paymentTimeoutMs);
    // The saga's recovery and payment timeout, then the payment outcomes, run beside the relay.
    const wiring = serviceWiring(ServiceNames.booking, deps, [relay, recovery, paymentTimeout, consumers(() => Promise.all([subscribeToBookingPaymentOutcomes(deps.pool, deps.bus, saga, deps.logger)]))]);
    return {
      module: BookingModule,
      imports: [CqrsModule.forRoot(), ...wiring.imports],
      controllers: [
        CreateResourceController,
        ChangeResourceController,
        ArchiveResourceController,
        ViewResourcesController,
        ViewQuoteController,
        PlaceBookingController,
        CheckInController,
        CancelBookingController,
        FulfillOrderController,
        ViewBookingsController,
      ],
      providers: [
        { provide: BOOKING_POOL, useValue: deps.pool },
        { provide: BOOKING_CLOCK, useValue: clock },
        { provide: MEMBER_FACTS, useValue: new MembershipFactsClient(client(ServiceNames.membership, deps.membershipUrl)) },
        { provide: BOOKING_SAGA, useValue: saga },
        ...wiring.providers,
        CreateResourceHandler,
        ChangeResourceHandler,
        ArchiveResourceHandler,
        ViewResourcesHandler,
        ViewQuoteHandler,
        PlaceBookingHandler,
        CancelBookingHandler,
        FulfillOrderHandler,
        ViewBookingsHandler,
      ],
    };
  }
}
