import { ledgerEventTypes, type WalletOwner } from '@credits/contracts';
import { type TransactionsPage } from '@credits/contracts/http';
import { CurrentActor, Problems, type RequestActor } from '@credits/platform';
import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { walletPaths, WalletOwnerParam } from '../wallets/wallet-owner.param';
import { ViewTransactionsQuery } from './view-transactions.handler';

function parseLimit(raw: string | undefined): number {
  if (raw === undefined) return 50;
  const limit = Number(raw);
  if (!/^\d+$/.test(raw) || limit < 1 || limit > 200) throw Problems.validation([{ field: 'limit', reason: 'must be an integer from 1 to 200' }]);
  return limit;
}

/** The cursor is the stream version of the last entry seen, opaque to clients. */
function parseCursor(raw: string | undefined): number | null {
  if (raw === undefined) return null;
  const version = Number(Buffer.from(raw, 'base64url').toString());
  if (!Number.isSafeInteger(version) || version < 1) throw Problems.validation([{ field: 'cursor', reason: 'is not a cursor from a previous page' }]);
  return version;
}

function parseInstant(field: string, raw: string | undefined): string | null {
  if (raw === undefined) return null;
  if (!/^\d{4}-\d{2}-\d{2}T/.test(raw) || Number.isNaN(Date.parse(raw))) throw Problems.validation([{ field, reason: 'must be an ISO-8601 instant' }]);
  return new Date(raw).toISOString();
}

/** `type` is one or more ledger event types, comma-separated. */
function parseTypes(raw: string | undefined): string[] | null {
  if (raw === undefined) return null;
  const types = raw.split(',').map((type) => type.trim());
  const unknown = types.filter((type) => !(ledgerEventTypes as readonly string[]).includes(type));
  if (unknown.length > 0) throw Problems.validation([{ field: 'type', reason: `unknown type ${unknown.join(', ')}; one or more of ${ledgerEventTypes.join(', ')}` }]);
  return types;
}

@Controller()
export class ViewTransactionsController {
  constructor(private readonly queries: QueryBus) {}

  /**
   * Newest first. `asOf` shows the history as it stood at that instant; `type` keeps only those
   * event types; `from` (inclusive) and `to` (exclusive) bound when the entries happened.
   */
  @Get(walletPaths('/transactions'))
  list(
    @CurrentActor() actor: RequestActor,
    @WalletOwnerParam() owner: WalletOwner,
    @Query('asOf') rawAsOf?: string,
    @Query('limit') rawLimit?: string,
    @Query('cursor') rawCursor?: string,
    @Query('type') rawType?: string,
    @Query('from') rawFrom?: string,
    @Query('to') rawTo?: string,
  ): Promise<TransactionsPage> {
    const filter = {
      limit: parseLimit(rawLimit),
      before: parseCursor(rawCursor),
      asOf: parseInstant('asOf', rawAsOf),
      from: parseInstant('from', rawFrom),
      to: parseInstant('to', rawTo),
      types: parseTypes(rawType),
    };
    return this.queries.execute<ViewTransactionsQuery, TransactionsPage>(new ViewTransactionsQuery(actor, owner, filter));
  }
}
