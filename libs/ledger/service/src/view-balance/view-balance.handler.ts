import { walletIdFor, type WalletOwner } from '@credits/contracts';
import type { WalletBalanceResponse } from '@credits/contracts/http';
import type { RequestActor } from '@credits/platform';
import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import { walletFacts } from '../membership-projection/membership-projection.store';
import { authorizeWalletReadOn } from '../access/wallet-access';
import { LEDGER_POOL } from '../shared/ledger.tokens';
import { balanceView } from '../wallets/wallet-views';
import { WalletReadBatcher } from '../wallets/wallet-read.batcher';
import { walletAsOf } from '../wallets/wallet.store';

export class ViewBalanceQuery {
  constructor(
    readonly actor: RequestActor,
    readonly owner: WalletOwner,
    /** an ISO instant in the past, or null for now */
    readonly asOf: string | null,
    readonly now: Date,
  ) {}
}

@QueryHandler(ViewBalanceQuery)
export class ViewBalanceHandler implements IQueryHandler<ViewBalanceQuery, WalletBalanceResponse> {
  constructor(
    @Inject(LEDGER_POOL) private readonly pool: Pool,
    private readonly reads: WalletReadBatcher,
  ) {}

  async execute({ actor, owner, asOf, now }: ViewBalanceQuery): Promise<WalletBalanceResponse> {
    const walletId = walletIdFor(owner);
    if (asOf === null) {
      const { facts, wallet } = await this.reads.load(owner, walletId, actor.userId);
      authorizeWalletReadOn(facts, owner, actor);
      return balanceView(wallet, now.toISOString());
    }
    authorizeWalletReadOn(await walletFacts(this.pool, owner, actor.userId), owner, actor);
    return balanceView(await walletAsOf(this.pool, walletId, asOf), asOf);
  }
}
