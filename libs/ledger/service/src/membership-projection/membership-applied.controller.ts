import { Inbox } from '@credits/messaging';
import { CallingService } from '@credits/platform';
import { Controller, Get, HttpCode, Inject, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { MEMBERSHIP_INBOX } from './membership-projection.consumer';

/**
 * Internal: answers once the ledger has applied the given membership events, so the gateway can
 * give read-your-writes (a member just added can be granted credits at once). Services only.
 */
@ApiExcludeController()
@Controller('internal/membership-events')
export class MembershipAppliedController {
  constructor(@Inject(MEMBERSHIP_INBOX) private readonly inbox: Inbox) {}

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

/** 200 once a consumer has applied every one of the (at most 100) comma-separated ids, 202 if not within the timeout (at most 15 s). */
export async function answerApplied(inbox: Inbox, ids: string, timeoutMs: string, res: Response): Promise<{ applied: boolean }> {
  const list = ids.split(',').filter(Boolean).slice(0, 100);
  const applied = await inbox.waitForAll(list, Math.min(Number(timeoutMs) || 0, 15000));
  if (!applied) res.status(202);
  return { applied };
}
