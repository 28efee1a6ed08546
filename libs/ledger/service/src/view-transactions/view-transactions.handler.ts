import { upcastLedgerEvent, walletIdFor, type WalletOwner } from '@credits/contracts';
import type { TransactionsPage } from '@credits/contracts/http';
import { formatCredits } from '@credits/ledger-domain';
import type { RequestActor } from '@credits/platform';
import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import { walletFacts } from '../membership-projection/membership-projection.store';
import { authorizeWalletReadOn } from '../access/wallet-access';
import { eventDataView } from '../shared/event-data.view';
import { LEDGER_POOL } from '../shared/ledger.tokens';
import { balanceChange } from '../wallets/wallet-views';
import { walletHistory, type HistoryFilter } from '../wallets/wallet.store';

export class ViewTransactionsQuery {
  constructor(
    readonly actor: RequestActor,
    readonly owner: WalletOwner,
    readonly filter: HistoryFilter,
  ) {}
}

/** A page of a wallet's history; the cursor is the stream version of the last entry seen, opaque to clients. */
@QueryHandler(ViewTransactionsQuery)
export class ViewTransactionsHandler implements IQueryHandler<ViewTransactionsQuery, TransactionsPage> {
  constructor(@Inject(LEDGER_POOL) private readonly pool: Pool) {}

  async execute({ actor, owner, filter }: ViewTransactionsQuery): Promise<TransactionsPage> {
    authorizeWalletReadOn(await walletFacts(this.pool, owner, actor.userId), owner, actor);
    // One more than the page: whether there is a next one.
    const rows = await walletHistory(this.pool, walletIdFor(owner), { ...filter, limit: filter.limit + 1 });
    const page = rows.slice(0, filter.limit);
    return {
      items: page.map((row) => {
        const event = upcastLedgerEvent(row);
        return {
          eventId: row.event_id,
          amount: formatCredits(balanceChange(event)),
          occurredAt: row.occurred_at.toISOString(),
          reason: event.data.reason,
          actor: `${event.data.actor.type}:${event.data.actor.id}`,
          ...eventDataView(event),
        };
      }),
      nextCursor: rows.length > filter.limit ? Buffer.from(String(page[page.length - 1].stream_version)).toString('base64url') : null,
    };
  }
}
