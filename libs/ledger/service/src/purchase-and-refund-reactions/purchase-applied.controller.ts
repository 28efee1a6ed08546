import { Inbox } from '@credits/messaging';
import { CallingService } from '@credits/platform';
import { Controller, Get, HttpCode, Inject, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Pool } from 'pg';
import { answerApplied } from '../membership-projection/membership-applied.controller';
import { LEDGER_POOL, LEDGER_SCHEMA } from '../shared/ledger.tokens';
import { PURCHASE_AND_REFUND_CONSUMER } from './purchase-and-refund.consumer';

/**
 * Internal: answers once the ledger has granted the credits of the given CreditPurchaseCompleted
 * (and RefundIssued) events, so billing can give read-your-writes: credits just bought show in the
 * balance at once. Services only.
 */
@ApiExcludeController()
@Controller('internal/purchase-events')
export class PurchaseAppliedController {
  private readonly inbox: Inbox;

  constructor(@Inject(LEDGER_POOL) pool: Pool) {
    this.inbox = new Inbox(pool, LEDGER_SCHEMA, PURCHASE_AND_REFUND_CONSUMER);
  }

  @Get('applied')
  @HttpCode(200)
  async applied(
    @CallingService() _caller: string,
    @Query('ids') ids = '',
    @Query('timeoutMs') timeoutMs = '5000',
    @Res({ passthrough: true }) res: Response,
  ): Promise<{ applied: boolean }> {
    return answerApplied(this.inbox, ids, timeoutMs, res);
  }
}
