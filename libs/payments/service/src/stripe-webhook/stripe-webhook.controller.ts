import { PaymentRoutes } from '@credits/contracts/http';
import { Controller, HttpCode, Inject, Post, Req, type RawBodyRequest } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Request } from 'express';
import { PAYMENTS_CLOCK, type PaymentsClock } from '../shared/payments.tokens';
import { StripeWebhookCommand, type WebhookAnswer } from './stripe-webhook.handler';

/** Stripe's webhook as the gateway forwards it: the raw body and its Stripe-Signature header, unchanged. */
@Controller(PaymentRoutes.stripeWebhook)
export class StripeWebhookController {
  constructor(private readonly commands: CommandBus, @Inject(PAYMENTS_CLOCK) private readonly clock: PaymentsClock) {}

  @Post()
  @HttpCode(200)
  async receive(@Req() req: RawBodyRequest<Request>): Promise<WebhookAnswer> {
    return this.commands.execute<StripeWebhookCommand, WebhookAnswer>(new StripeWebhookCommand(req.rawBody, req.header('stripe-signature'), this.clock()));
  }
}
