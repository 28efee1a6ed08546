import { GrantCreditsRequest } from '@credits/contracts/http';
import type { WalletOwner } from '@credits/contracts';
import { CurrentActor, type RequestActor } from '@credits/platform';
import { Body, Controller, Headers, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Response } from 'express';
import { IDEMPOTENCY_HEADER } from '../shared/ledger.tokens';
import type { WalletCommandResponse } from '../wallets/wallet-command.executor';
import { requireIdempotencyKey, sendWalletResponse } from '../wallets/wallet-command.responder';
import { walletPaths, WalletOwnerParam } from '../wallets/wallet-owner.param';
import { GrantCreditsCommand } from './grant-credits.handler';

@Controller()
export class GrantCreditsController {
  constructor(private readonly commands: CommandBus) {}

  @Post(walletPaths('/grants'))
  async grant(
    @CurrentActor() actor: RequestActor,
    @WalletOwnerParam() owner: WalletOwner,
    @Headers(IDEMPOTENCY_HEADER) idempotencyKey: string | undefined,
    @Body() body: GrantCreditsRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<object> {
    const key = requireIdempotencyKey(idempotencyKey);
    const response = await this.commands.execute<GrantCreditsCommand, WalletCommandResponse>(
      new GrantCreditsCommand(actor, owner, key, body, new Date()),
    );
    return sendWalletResponse(res, response);
  }
}
