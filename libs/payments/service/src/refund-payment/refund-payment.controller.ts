import type { PlanHolder } from '@credits/contracts';
import { IDEMPOTENCY_KEY_PATTERN, InternalRefundRequest, INTERNAL_PAYMENTS_PATH, PaymentRoutes, RefundPaymentRequest, RefundView } from '@credits/contracts/http';
import { CallingService, CurrentActor, ParseIdPipe, Problems, type MemberFactsSource, type RequestActor } from '@credits/platform';
import { Body, Controller, Headers, HttpCode, Inject, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Response } from 'express';
import { assertCreditsReceivable, locationRole } from '../shared/location-access';
import { MEMBER_FACTS, PAYMENTS_CLOCK, type PaymentsClock } from '../shared/payments.tokens';
import { RefundPaymentCommand, type RefundResult } from './refund-payment.handler';

function idempotencyKey(key: string | undefined): string {
  if (!key) throw Problems.validation([{ field: 'Idempotency-Key', reason: 'header is required for refunds' }]);
  if (!IDEMPOTENCY_KEY_PATTERN.test(key)) throw Problems.validation([{ field: 'Idempotency-Key', reason: 'must be 1-200 characters of letters, digits and . _ : -' }]);
  return key;
}

function answer(res: Response, result: RefundResult): RefundView {
  if (result.replayed) res.setHeader('idempotent-replayed', 'true');
  return result.body;
}

/** Admins refund a location's card payments, as money or as credits (R15). */
@Controller(PaymentRoutes.paymentRefunds)
export class RefundPaymentController {
  constructor(
    private readonly commands: CommandBus,
    @Inject(MEMBER_FACTS) private readonly memberFacts: MemberFactsSource,
    @Inject(PAYMENTS_CLOCK) private readonly clock: PaymentsClock,
  ) {}

  @Post()
  @HttpCode(201)
  async refund(
    @CurrentActor() actor: RequestActor,
    @Param('locationId', ParseIdPipe('location')) locationId: string,
    @Param('paymentId', ParseIdPipe('payment')) paymentId: string,
    @Headers('idempotency-key') key: string | undefined,
    @Body() body: RefundPaymentRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<RefundView> {
    // Authorized before anything else, a stored answer included.
    if ((await locationRole(this.memberFacts, locationId, actor)) !== 'admin') throw Problems.forbidden('only location admins can refund payments');
    const by = { type: actor.isOperator ? 'operator' : 'user', id: actor.userId } as const;
    const creditsReceivable = (location: string, payer: PlanHolder) => assertCreditsReceivable(this.memberFacts, location, payer, actor.userId);
    return answer(res, await this.commands.execute(new RefundPaymentCommand(paymentId, locationId, body, idempotencyKey(key), by, this.clock(), creditsReceivable)));
  }
}

/** Internal (booking): a cancelled booking's card payment back to the card. */
@Controller(`${INTERNAL_PAYMENTS_PATH}/:paymentId/refunds`)
export class InternalRefundController {
  constructor(private readonly commands: CommandBus, @Inject(PAYMENTS_CLOCK) private readonly clock: PaymentsClock) {}

  @Post()
  @HttpCode(201)
  async refund(
    @CallingService() service: string,
    @Param('paymentId', ParseIdPipe('payment')) paymentId: string,
    @Headers('idempotency-key') key: string | undefined,
    @Body() body: InternalRefundRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<RefundView> {
    const by = { type: 'system', id: service } as const;
    return answer(res, await this.commands.execute(new RefundPaymentCommand(paymentId, null, body, idempotencyKey(key), by, this.clock())));
  }
}
