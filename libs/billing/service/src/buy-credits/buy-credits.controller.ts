import { BillingRoutes, CreateCreditPurchaseRequest, type CreditPurchaseResponse } from '@credits/contracts/http';
import { CurrentActor, ParseIdPipe, type RequestActor } from '@credits/platform';
import { Body, Controller, Headers, HttpCode, Inject, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Response } from 'express';
import { BILLING_CLOCK, type BillingClock } from '../shared/billing.tokens';
import { requireIdempotencyKey } from '../shared/purchase-request.store';
import { BuyCreditsCommand, type BuyCreditsResult } from './buy-credits.handler';

@Controller(BillingRoutes.creditPurchases)
export class BuyCreditsController {
  constructor(private readonly commands: CommandBus, @Inject(BILLING_CLOCK) private readonly clock: BillingClock) {}

  @Post()
  @HttpCode(201)
  async buy(
    @CurrentActor() actor: RequestActor,
    @Param('locationId', ParseIdPipe('location')) locationId: string,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Body() body: CreateCreditPurchaseRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CreditPurchaseResponse> {
    const key = requireIdempotencyKey(idempotencyKey);
    const result = await this.commands.execute<BuyCreditsCommand, BuyCreditsResult>(new BuyCreditsCommand(actor, locationId, body, key, this.clock.now()));
    if (result.replayed) res.setHeader('idempotent-replayed', 'true');
    return result.response;
  }
}
