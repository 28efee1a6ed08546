import { PaymentRoutes, PaymentsPage, PaymentsQuery, RefundPaymentRequest, RefundView } from '@credits/contracts/http';
import { Body, Controller, HttpCode, Inject, Post, Query, Req, Res, UseGuards, type RawBodyRequest } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { JwtAuthGuard, type AuthenticatedRequest } from '../auth/jwt-auth.guard';
import { ApiProblem, ApiRoute } from '../openapi/api-route.decorator';
import { relayReply, type ServiceClient } from '../proxy/service-client';
import { PAYMENTS_CLIENT } from '../proxy/services';

/** Money transactions of a location, refunds (R15), and Stripe's webhook; the payments service answers them all. */
@ApiTags('payments')
@Controller()
export class PaymentsController {
  constructor(@Inject(PAYMENTS_CLIENT) private readonly payments: ServiceClient) {}

  @ApiRoute('GET', PaymentRoutes.payments, {
    operationId: 'listPayments',
    summary: 'Card payments of the location, newest first (admins all; members their own)',
    response: PaymentsPage,
  })
  @UseGuards(JwtAuthGuard)
  @ApiBearerAuth()
  async list(@Req() req: AuthenticatedRequest, @Res() res: Response, @Query() _query: PaymentsQuery): Promise<void> {
    relayReply(await this.payments.call({ method: 'GET', path: req.originalUrl, actor: req.actor }), res);
  }

  @ApiRoute('POST', PaymentRoutes.paymentRefunds, {
    operationId: 'refundPayment',
    summary: 'Refund a card payment to the card or as the exact equivalent in permanent credits (location admins)',
    description: 'Never more than `refundable`, never both for the same money. 1 credit = 1 unit of the payment currency: EUR 9.00 becomes 9.00 credits.',
    body: RefundPaymentRequest,
    response: RefundView,
    idempotent: true,
    conflict:
      'More than is refundable (`.../refund-exceeds-refundable`, with `refundable`), a credit purchase (`.../purchase-final`), not paid (`.../payment-not-refundable`), or credits cannot land (`.../credits-disabled`, `.../payer-gone`).',
  })
  @UseGuards(JwtAuthGuard)
  @ApiBearerAuth()
  async refund(@Req() req: AuthenticatedRequest, @Res() res: Response, @Body() body: RefundPaymentRequest): Promise<void> {
    const reply = await this.payments.call({ method: 'POST', path: req.originalUrl, actor: req.actor, body, headers: { 'idempotency-key': req.header('idempotency-key') } });
    relayReply(reply, res);
  }

  /** Stripe calls it, with no bearer token: the payments service verifies the signature on the exact bytes. */
  @Post(PaymentRoutes.stripeWebhook)
  @HttpCode(200)
  @ApiOperation({
    operationId: 'receiveStripeWebhook',
    summary: 'Stripe webhook (Stripe calls it; no bearer token)',
    description:
      'Verified by `Stripe-Signature` on the raw body with the endpoint secret and 300 s tolerance; a bad signature or an older timestamp is 400 and changes nothing. ' +
      '`payment_intent.succeeded` and `payment_intent.payment_failed` are applied once per Stripe event id; other types are acknowledged and ignored.',
  })
  @ApiHeader({ name: 'Stripe-Signature', required: true, description: 't=<unix seconds>,v1=<HMAC-SHA256 of "t.payload">' })
  @ApiOkResponse({ description: 'received (applied, a duplicate, or nothing to do)' })
  @ApiProblem(400, 'No JSON body, no or a bad `Stripe-Signature`, a timestamp out of tolerance, or an event without a readable PaymentIntent.')
  @ApiProblem(503, 'The payments service is unavailable, or Stripe is not configured; Stripe retries.')
  async stripeWebhook(@Req() req: RawBodyRequest<Request>, @Res() res: Response): Promise<void> {
    const reply = await this.payments.call({
      method: 'POST',
      path: `/${PaymentRoutes.stripeWebhook}`,
      rawBody: req.rawBody ?? Buffer.alloc(0),
      headers: { 'stripe-signature': req.header('stripe-signature') },
    });
    relayReply(reply, res);
  }
}
