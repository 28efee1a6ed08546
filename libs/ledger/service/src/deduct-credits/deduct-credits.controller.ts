import { DeductCreditsRequest } from '@credits/contracts/http';
import { CurrentActor, ParseIdPipe, ParseUserIdPipe, type RequestActor } from '@credits/platform';
import { Body, Controller, Headers, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Response } from 'express';
import { IDEMPOTENCY_HEADER } from '../shared/ledger.tokens';
import type { WalletCommandResponse } from '../wallets/wallet-command.executor';
import { requireIdempotencyKey, sendWalletResponse } from '../wallets/wallet-command.responder';
import { DeductCreditsCommand } from './deduct-credits.handler';

@Controller('v1/locations/:locationId/users/:userId/credits/deductions')
export class DeductCreditsController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  async deduct(
    @CurrentActor() actor: RequestActor,
    @Param('locationId', ParseIdPipe('location')) locationId: string,
    @Param('userId', ParseUserIdPipe) userId: string,
    @Headers(IDEMPOTENCY_HEADER) idempotencyKey: string | undefined,
    @Body() body: DeductCreditsRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<object> {
    const key = requireIdempotencyKey(idempotencyKey);
    const response = await this.commands.execute<DeductCreditsCommand, WalletCommandResponse>(
      new DeductCreditsCommand(actor, locationId, userId, key, body, new Date()),
    );
    return sendWalletResponse(res, response);
  }
}
