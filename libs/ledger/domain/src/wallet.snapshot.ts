import type { LedgerEvent } from '@credits/contracts';
import type { LedgerCommand } from './wallet.commands';
import { draftOf, replay } from './wallet.fold';
import type { WalletState } from './wallet.state';

/**
 * A wallet's state as the ledger stores it between commands: everything but its spends. A spend is
 * only read by the command that names it (a new spend's id must be unused; a refund returns what
 * the spend took), so the store reads those few from their events (spendIdOf, namesSpend,
 * withSpends) instead of rewriting every spend of the wallet's history with each command.
 */
export function snapshotOf(state: WalletState): WalletState {
  return { ...state, spends: {} };
}

/** The spend a command looks up by id, if any. */
export function spendIdOf(command: LedgerCommand): string | null {
  if (command.type !== 'SpendCredits' && command.type !== 'RefundSpend') return null;
  // Client input: an id of the wrong type is refused by decide, and names no spend.
  return typeof command.spendId === 'string' ? command.spendId : null;
}

/** Whether an event belongs to the spend `spendId`: the spend itself or a refund of it. */
export function namesSpend(event: LedgerEvent, spendId: string): boolean {
  return (event.type === 'CreditsSpent' || event.type === 'CreditsRefunded') && event.data.spendId === spendId;
}

/** The state with the spends folded from `spendEvents` (all events of those spends, in stream order). */
export function withSpends(state: WalletState, spendEvents: Iterable<LedgerEvent>): WalletState {
  const { spends } = replay(state.walletId, spendEvents);
  const draft = draftOf(state);
  for (const spendId of Object.keys(spends)) draft.spends[spendId] = spends[spendId];
  return draft;
}
