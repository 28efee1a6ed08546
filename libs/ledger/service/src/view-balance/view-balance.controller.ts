import type { WalletOwner } from '@credits/contracts';
import type { WalletBalanceResponse } from '@credits/contracts/http';
import { isInstant } from '@credits/ledger-domain';
import { CurrentActor, Problems, type RequestActor } from '@credits/platform';
import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { walletPaths, WalletOwnerParam } from '../wallets/wallet-owner.param';
import { ViewBalanceQuery } from './view-balance.handler';

/** `asOf` as the domain's instant; a date outside years 1000-9999 names no state of a wallet. */
function parseAsOf(asOf: string | undefined): string | null {
  if (asOf === undefined) return null;
  const instant = Date.parse(asOf);
  const until = Number.isNaN(instant) ? '' : new Date(instant).toISOString();
  if (!/^\d{4}-\d{2}-\d{2}T/.test(asOf) || !isInstant(until)) {
    throw Problems.validation([{ field: 'asOf', reason: 'must be an ISO-8601 instant from the year 1000 on, e.g. 2026-01-31T23:59:59Z' }]);
  }
  return until;
}

/** A member's or a company's wallet. */
@Controller()
export class ViewBalanceController {
  constructor(private readonly queries: QueryBus) {}

  /** Now: read from the projection (O(1)). `asOf`: rebuilt from the events up to that instant (R18). */
  @Get(walletPaths())
  balance(@CurrentActor() actor: RequestActor, @WalletOwnerParam() owner: WalletOwner, @Query('asOf') asOf?: string): Promise<WalletBalanceResponse> {
    return this.queries.execute<ViewBalanceQuery, WalletBalanceResponse>(new ViewBalanceQuery(actor, owner, parseAsOf(asOf), new Date()));
  }
}
