import { walletIdFor, type WalletOwner } from '@credits/contracts';
import { type WalletBalanceResponse } from '@credits/contracts/http';
import { PgEventStore } from '@credits/event-store';
import { initialWalletState, isInstant, replay, upcast } from '@credits/ledger-domain';
import { CurrentActor, Problems, type RequestActor } from '@credits/platform';
import { Controller, Get, Inject, Query } from '@nestjs/common';
import type { Pool } from 'pg';
import { authorizeWalletRead } from '../access/wallet-access';
import { LEDGER_POOL, LEDGER_SCHEMA } from '../shared/ledger.tokens';
import { loadWallet } from '../wallets/wallet-command.executor';
import { walletPaths, WalletOwnerParam } from '../wallets/wallet-owner.param';
import { balanceView } from '../wallets/wallet-views';

const eventStore = new PgEventStore(LEDGER_SCHEMA);

/** A member's or a company's wallet. */
@Controller()
export class GetBalanceController {
  constructor(@Inject(LEDGER_POOL) private readonly pool: Pool) {}

  /** Now: read from the projection (O(1)). `asOf`: rebuilt from the events up to that instant (R18). */
  @Get(walletPaths())
  async balance(
    @CurrentActor() actor: RequestActor,
    @WalletOwnerParam() owner: WalletOwner,
    @Query('asOf') asOf?: string,
  ): Promise<WalletBalanceResponse> {
    await authorizeWalletRead(this.pool, owner, actor);
    const walletId = walletIdFor(owner);
    if (asOf === undefined) return balanceView(await loadWallet(this.pool, walletId), new Date().toISOString());
    const instant = Date.parse(asOf);
    const until = Number.isNaN(instant) ? '' : new Date(instant).toISOString();
    // The domain's instants are years 1000-9999 in UTC; one outside them names no state of a wallet.
    if (!/^\d{4}-\d{2}-\d{2}T/.test(asOf) || !isInstant(until)) {
      throw Problems.validation([{ field: 'asOf', reason: 'must be an ISO-8601 instant from the year 1000 on, e.g. 2026-01-31T23:59:59Z' }]);
    }
    const events = await eventStore.readStream(this.pool, walletId, { until });
    const state = events.length ? replay(walletId, events.map(upcast)) : initialWalletState(walletId);
    return balanceView(state, until);
  }
}
