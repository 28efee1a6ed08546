import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import { LEDGER_POOL } from '../shared/ledger.tokens';
import { WalletCommandExecutor, type WalletCommandResponse } from '../wallets/wallet-command.executor';
import type { InternalApiDeps } from './internal-wallet-command';

/** One internal API operation (spend, hold, capture, release, refund): the framework-free function of its slice. */
export class InternalWalletCommand {
  constructor(readonly operation: (deps: InternalApiDeps) => Promise<WalletCommandResponse>) {}
}

@CommandHandler(InternalWalletCommand)
export class InternalWalletHandler implements ICommandHandler<InternalWalletCommand, WalletCommandResponse> {
  constructor(private readonly executor: WalletCommandExecutor, @Inject(LEDGER_POOL) private readonly pool: Pool) {}

  execute({ operation }: InternalWalletCommand): Promise<WalletCommandResponse> {
    return operation({ pool: this.pool, executor: this.executor });
  }
}
