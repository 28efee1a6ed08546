import { CaptureHoldRequest } from '@credits/contracts/http';
import { CallingService } from '@credits/platform';
import { Body, Controller, Headers, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { IDEMPOTENCY_HEADER, INTERNAL_WALLET_PATH, internalCall } from '../internal-api/internal-api.http';
import type { WalletCommandResponse } from '../wallets/wallet-command.executor';
import { sendWalletResponse } from '../wallets/wallet-command.responder';
import { CaptureHoldCommand } from './capture-hold.handler';

/** Internal API for other services (not routed by the gateway); the calling service is named by its internal token. */
@ApiTags('internal')
@Controller(INTERNAL_WALLET_PATH)
export class CaptureHoldController {
  constructor(private readonly commands: CommandBus) {}

  @Post('holds/:holdId/capture')
  @ApiOperation({ summary: 'Spend a hold, whole or in part; the rest is released' })
  @ApiHeader({ name: 'Idempotency-Key', required: true })
  async captureHold(
    @CallingService() caller: string,
    @Param('walletId') walletId: string,
    @Param('holdId') holdId: string,
    @Headers(IDEMPOTENCY_HEADER) idempotencyKey: string | undefined,
    @Body() body: CaptureHoldRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<object> {
    const call = internalCall(caller, walletId, idempotencyKey);
    const response = await this.commands.execute<CaptureHoldCommand, WalletCommandResponse>(new CaptureHoldCommand(call, holdId, body));
    return sendWalletResponse(res, response);
  }
}
