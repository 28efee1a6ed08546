import type { LedgerEvent } from '@credits/contracts';
import {
  capturedHold,
  expiredAmounts,
  expiredLot,
  grantedLot,
  lotWithDelta,
  newHold,
  newSpend,
  refundedHold,
  refundedSpend,
  releasedHold,
  returnedTo,
  takenFrom,
} from './wallet.evolve';
import type { Hold, Lot, Spend, WalletState } from './wallet.state';
import { expiryWarningKey, holdOf, initialWalletState, spendOf } from './wallet.state';

/**
 * The fast fold: evolve's rules (wallet.evolve.ts) applied in place to a draft, so each event costs
 * the same however long the wallet's history is, where a new state per event makes a replay
 * quadratic in it. Only the containers differ from evolve: elements (lots, holds, spends) come from
 * the same rules and are replaced, never changed, so states a draft was made from stay as they
 * were. The property test (wallet.property.spec.ts) proves fold and replay equal to evolve.
 */

/** A state whose containers belong to one owner, who folds events into it in place (see applyToDraft). */
export interface WalletDraft extends WalletState {
  version: number;
  readonly lots: Lot[];
  readonly holds: Record<string, Hold>;
  readonly spends: Record<string, Spend>;
  readonly deductionIds: string[];
  readonly refundIds: string[];
  readonly expiryWarnings: string[];
}

/** Copies the containers of a state (not their elements, which a draft replaces instead of changing). */
export function draftOf(state: WalletState): WalletDraft {
  return {
    ...state,
    lots: [...state.lots],
    holds: recordOf(state.holds),
    spends: recordOf(state.spends),
    deductionIds: [...state.deductionIds],
    refundIds: [...state.refundIds],
    expiryWarnings: [...state.expiryWarnings],
  };
}

/**
 * A copy without a prototype: V8 keeps it a hash table, where an ordinary object grows a new hidden
 * class for every new (unique) id; and a client's id "__proto__" stays an ordinary key, as in JSON.
 */
function recordOf<T>(source: Readonly<Record<string, T>>): Record<string, T> {
  return Object.assign(Object.create(null) as Record<string, T>, source);
}

/** The state after `events`: one draft for all of them (the command path's fold of a decision's events). */
export function fold(state: WalletState, events: readonly LedgerEvent[]): WalletState {
  const draft = draftOf(state);
  for (const event of events) applyToDraft(draft, event);
  return draft;
}

/** Folds a wallet's events, oldest first, into its state (rebuild from position 0). */
export function replay(walletId: string, events: Iterable<LedgerEvent>): WalletState {
  const draft = draftOf(initialWalletState(walletId));
  for (const event of events) applyToDraft(draft, event);
  return draft;
}

/** evolve, in place. */
export function applyToDraft(draft: WalletDraft, event: LedgerEvent): void {
  draft.version += 1;
  switch (event.type) {
    case 'CreditsGranted':
      lotIndexes.get(draft.lots)?.set(event.data.lotId, draft.lots.length);
      draft.lots.push(grantedLot(event.data, draft.version));
      return;
    case 'CreditsDeducted':
      addToLots(draft.lots, takenFrom(event.data.lots));
      draft.deductionIds.push(event.data.deductionId);
      return;
    case 'CreditsSpent':
      addToLots(draft.lots, takenFrom(event.data.lots));
      draft.spends[event.data.spendId] = newSpend(event.data);
      return;
    case 'CreditsHeld':
      addToLots(draft.lots, takenFrom(event.data.lots));
      draft.holds[event.data.holdId] = newHold(event.data);
      return;
    case 'CreditsHoldCaptured': {
      addToLots(draft.lots, returnedTo(event.data.releasedLots));
      const hold = holdOf(draft, event.data.holdId);
      if (hold) draft.holds[event.data.holdId] = capturedHold(hold, event.data);
      return;
    }
    case 'CreditsHoldReleased': {
      addToLots(draft.lots, returnedTo(event.data.lots));
      const hold = holdOf(draft, event.data.holdId);
      if (hold) draft.holds[event.data.holdId] = releasedHold(hold);
      return;
    }
    case 'CreditsRefunded': {
      const { data } = event;
      if (data.spendId !== null) {
        const spend = spendOf(draft, data.spendId);
        if (spend) draft.spends[data.spendId] = refundedSpend(spend, data);
      } else if (data.holdId !== null) {
        const hold = holdOf(draft, data.holdId);
        if (hold) draft.holds[data.holdId] = refundedHold(hold, data);
      }
      addToLots(draft.lots, returnedTo(data.lots));
      draft.refundIds.push(data.refundId);
      return;
    }
    case 'CreditsExpired':
      for (const [lotId, amount] of expiredAmounts(event.data)) {
        const i = lotPosition(draft.lots, lotId);
        if (i !== undefined) draft.lots[i] = expiredLot(draft.lots[i], amount, event.data.occurredAt);
      }
      return;
    case 'CreditsExpiringSoon':
      draft.expiryWarnings.push(expiryWarningKey(event.data));
      return;
    default:
      throw new Error(`unknown ledger event: ${JSON.stringify((event as { type?: unknown }).type)}`);
  }
}

// Where each lot of a draft's list is, so an event finds its lots without a scan of the wallet's
// history; built on first use, kept up to date as grants append lots (lots are never removed).
const lotIndexes = new WeakMap<readonly Lot[], Map<string, number>>();

/** Lists up to this long are scanned: a command's fresh draft would build an index to use it once. */
const SCANNED_LOTS = 16;

function lotPosition(lots: readonly Lot[], lotId: string): number | undefined {
  if (lots.length <= SCANNED_LOTS) {
    const i = lots.findIndex((lot) => lot.lotId === lotId);
    return i < 0 ? undefined : i;
  }
  let index = lotIndexes.get(lots);
  if (!index) lotIndexes.set(lots, (index = new Map(lots.map((lot, i) => [lot.lotId, i]))));
  return index.get(lotId);
}

function addToLots(lots: Lot[], deltas: ReadonlyMap<string, number>): void {
  for (const [lotId, delta] of deltas) {
    const i = lotPosition(lots, lotId);
    if (i !== undefined) lots[i] = lotWithDelta(lots[i], delta);
  }
}
