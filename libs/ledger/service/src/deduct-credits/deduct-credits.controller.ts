import { DeductCreditsRequest } from '@credits/contracts/http';
import type { WalletOwner } from '@credits/contracts';
import { CurrentActor, type RequestActor } from '@credits/platform';
import { Body, Controller, Headers, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Response } from 'express';
import { IDEMPOTENCY_HEADER } from '../shared/ledger.tokens';
import type { WalletCommandResponse } from '../wallets/wallet-command.executor';
import { requireIdempotencyKey, sendWalletResponse } from '../wallets/wallet-command.responder';
import { walletPaths, WalletOwnerParam } from '../wallets/wallet-owner.param';
import { DeductCreditsCommand } from './deduct-credits.handler';

@Controller()
export class DeductCreditsController {
  constructor(private readonly commands: CommandBus) {}

  @Post(walletPaths('/deductions'))
  async deduct(
    @CurrentActor() actor: RequestActor,
    @WalletOwnerParam() owner: WalletOwner,
    @Headers(IDEMPOTENCY_HEADER) idempotencyKey: string | undefined,
    @Body() body: DeductCreditsRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<object> {
    const key = requireIdempotencyKey(idempotencyKey);
    const response = await this.commands.execute<DeductCreditsCommand, WalletCommandResponse>(
      new DeductCreditsCommand(actor, owner, key, body, new Date()),
    );
    return sendWalletResponse(res, response);
  }
}
