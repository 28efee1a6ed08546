import { SpendCreditsRequest } from '@credits/contracts/http';
import { CallingService } from '@credits/platform';
import { Body, Controller, Headers, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { IDEMPOTENCY_HEADER, INTERNAL_WALLET_PATH, internalCall } from '../internal-api/internal-api.http';
import type { WalletCommandResponse } from '../wallets/wallet-command.executor';
import { sendWalletResponse } from '../wallets/wallet-command.responder';
import { SpendCreditsCommand } from './spend-credits.handler';

/** Internal API for other services (not routed by the gateway); the calling service is named by its internal token. */
@ApiTags('internal')
@Controller(INTERNAL_WALLET_PATH)
export class SpendCreditsController {
  constructor(private readonly commands: CommandBus) {}

  @Post('spends')
  @ApiOperation({ summary: 'Pay with credits: R7 order, all or nothing (409 with the shortfall)' })
  @ApiHeader({ name: 'Idempotency-Key', required: true })
  async spendCredits(
    @CallingService() caller: string,
    @Param('walletId') walletId: string,
    @Headers(IDEMPOTENCY_HEADER) idempotencyKey: string | undefined,
    @Body() body: SpendCreditsRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<object> {
    const call = internalCall(caller, walletId, idempotencyKey);
    const response = await this.commands.execute<SpendCreditsCommand, WalletCommandResponse>(new SpendCreditsCommand(call, body));
    return sendWalletResponse(res, response);
  }
}
