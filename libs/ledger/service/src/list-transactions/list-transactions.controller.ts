import { ledgerEventTypes, walletIdFor, type WalletOwner } from '@credits/contracts';
import { type TransactionsPage } from '@credits/contracts/http';
import { formatCredits, upcast } from '@credits/ledger-domain';
import { CurrentActor, Problems, type RequestActor } from '@credits/platform';
import { Controller, Get, Inject, Query } from '@nestjs/common';
import type { Pool } from 'pg';
import { authorizeWalletRead } from '../access/wallet-access';
import { eventDataView } from '../shared/event-data.view';
import { LEDGER_POOL } from '../shared/ledger.tokens';
import { walletPaths, WalletOwnerParam } from '../wallets/wallet-owner.param';
import { balanceChange } from '../wallets/wallet-views';

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
export class ListTransactionsController {
  constructor(@Inject(LEDGER_POOL) private readonly pool: Pool) {}

  /**
   * Newest first. `asOf` shows the history as it stood at that instant; `type` keeps only those
   * event types; `from` (inclusive) and `to` (exclusive) bound when the entries happened.
   */
  @Get(walletPaths('/transactions'))
  async list(
    @CurrentActor() actor: RequestActor,
    @WalletOwnerParam() owner: WalletOwner,
    @Query('asOf') rawAsOf?: string,
    @Query('limit') rawLimit?: string,
    @Query('cursor') rawCursor?: string,
    @Query('type') rawType?: string,
    @Query('from') rawFrom?: string,
    @Query('to') rawTo?: string,
  ): Promise<TransactionsPage> {
    const limit = parseLimit(rawLimit);
    const before = parseCursor(rawCursor);
    const [asOf, from, to, types] = [parseInstant('asOf', rawAsOf), parseInstant('from', rawFrom), parseInstant('to', rawTo), parseTypes(rawType)];
    await authorizeWalletRead(this.pool, owner, actor);
    const walletId = walletIdFor(owner);
    const rows = await this.pool.query<{ event_id: string; stream_version: number; type: string; version: number; data: object; occurred_at: Date }>(
      `SELECT event_id, stream_version, type, version, data, occurred_at FROM ledger.events
       WHERE stream_id = $1 AND ($2::int IS NULL OR stream_version < $2) AND ($3::timestamptz IS NULL OR occurred_at <= $3)
         AND ($5::text[] IS NULL OR type = ANY($5)) AND ($6::timestamptz IS NULL OR occurred_at >= $6) AND ($7::timestamptz IS NULL OR occurred_at < $7)
       ORDER BY stream_version DESC LIMIT $4`,
      [walletId, before, asOf, limit + 1, types, from, to],
    );
    const page = rows.rows.slice(0, limit);
    return {
      items: page.map((row) => {
        const event = upcast(row);
        return {
          eventId: row.event_id,
          amount: formatCredits(balanceChange(event)),
          occurredAt: row.occurred_at.toISOString(),
          reason: event.data.reason,
          actor: `${event.data.actor.type}:${event.data.actor.id}`,
          ...eventDataView(event),
        };
      }),
      nextCursor: rows.rows.length > limit ? Buffer.from(String(page[page.length - 1].stream_version)).toString('base64url') : null,
    };
  }
}
