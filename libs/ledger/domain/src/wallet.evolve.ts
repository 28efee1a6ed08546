import type { LedgerEvent, LotAmount, LotReturn, SpendPurpose } from '@credits/contracts';
import type { Consumption, Hold, Lot, Spend, WalletState } from './wallet.state';
import { expiryWarningKey, holdOf, initialWalletState, spendOf } from './wallet.state';

/**
 * Applies one event to the state. No validation: events are facts (decide checked them before they
 * were stored), and replaying history must never fail. Returns a new state; the input is not changed.
 */
export function evolve(state: WalletState, event: LedgerEvent): WalletState {
  const draft = draftOf(state);
  applyToDraft(draft, event);
  return draft;
}

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

/**
 * evolve in place: each event costs the same however long the wallet's history is, where copying
 * the state per event makes a replay quadratic in it. Elements (lots, holds, spends) are replaced,
 * never changed, so states the draft was made from stay as they were.
 */
export function applyToDraft(draft: WalletDraft, event: LedgerEvent): void {
  draft.version += 1;
  switch (event.type) {
    case 'CreditsGranted': {
      const { data } = event;
      lotIndexes.get(draft.lots)?.set(data.lotId, draft.lots.length);
      draft.lots.push({
        lotId: data.lotId,
        kind: data.kind,
        granted: data.amount,
        remaining: data.amount,
        expiresAt: data.expiresAt,
        source: data.source,
        unitPrice: data.unitPrice && { amount: data.unitPrice.amount, currency: data.unitPrice.currency },
        planPeriodId: data.planPeriodId,
        createdAt: data.occurredAt,
        sequence: draft.version,
        expiredAt: null,
      });
      return;
    }
    case 'CreditsDeducted':
      takeFromLots(draft.lots, event.data.lots);
      draft.deductionIds.push(event.data.deductionId);
      return;
    case 'CreditsSpent': {
      const { data } = event;
      takeFromLots(draft.lots, data.lots);
      draft.spends[data.spendId] = Object.assign({ spendId: data.spendId }, consumptionOf(data.amount, data.lots, data.purpose, data.occurredAt));
      return;
    }
    case 'CreditsHeld': {
      const { data } = event;
      takeFromLots(draft.lots, data.lots);
      draft.holds[data.holdId] = {
        holdId: data.holdId,
        amount: data.amount,
        expiresAt: data.expiresAt,
        purpose: purposeOf(data.purpose),
        createdAt: data.occurredAt,
        status: 'open',
        reservations: data.lots.map(({ lotId, amount }) => ({ lotId, amount })),
        capture: null,
      };
      return;
    }
    case 'CreditsHoldCaptured': {
      const { data } = event;
      const capture = consumptionOf(data.amount, data.lots, data.purpose, data.occurredAt);
      returnToLots(draft.lots, data.releasedLots);
      updateHold(draft, data.holdId, (hold) => ({ ...hold, status: 'captured', capture }));
      return;
    }
    case 'CreditsHoldReleased': {
      const { data } = event;
      returnToLots(draft.lots, data.lots);
      updateHold(draft, data.holdId, (hold) => ({ ...hold, status: 'released' }));
      return;
    }
    case 'CreditsRefunded': {
      const { data } = event;
      const refund = (consumption: Consumption) => withRefund(consumption, data.amount, data.lots);
      if (data.spendId !== null) {
        const spend = spendOf(draft, data.spendId);
        if (spend) draft.spends[data.spendId] = { ...spend, ...refund(spend) };
      } else if (data.holdId !== null) {
        updateHold(draft, data.holdId, (hold) => (hold.capture ? { ...hold, capture: refund(hold.capture) } : hold));
      }
      returnToLots(draft.lots, data.lots);
      draft.refundIds.push(data.refundId);
      return;
    }
    case 'CreditsExpired': {
      const { data } = event;
      const expired = new Map(data.lots.map((part) => [part.lotId, part.amount]));
      for (const [lotId, amount] of expired) {
        const i = lotPosition(draft.lots, lotId);
        if (i !== undefined) draft.lots[i] = { ...draft.lots[i], remaining: draft.lots[i].remaining - amount, expiredAt: data.occurredAt };
      }
      return;
    }
    case 'CreditsExpiringSoon':
      draft.expiryWarnings.push(expiryWarningKey(event.data));
      return;
    default:
      return assertNever(event);
  }
}

function assertNever(event: never): never {
  throw new Error(`unknown ledger event: ${JSON.stringify((event as { type?: unknown }).type)}`);
}

/** Folds a wallet's events, oldest first, into its state (rebuild from position 0). */
export function replay(walletId: string, events: Iterable<LedgerEvent>): WalletState {
  const draft = draftOf(initialWalletState(walletId));
  for (const event of events) applyToDraft(draft, event);
  return draft;
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
    if (i !== undefined) lots[i] = { ...lots[i], remaining: lots[i].remaining + delta };
  }
}

function sumByLot<T extends LotAmount>(parts: readonly T[], amountOf: (part: T) => number): Map<string, number> {
  const deltas = new Map<string, number>();
  for (const part of parts) deltas.set(part.lotId, (deltas.get(part.lotId) ?? 0) + amountOf(part));
  return deltas;
}

function takeFromLots(lots: Lot[], parts: readonly LotAmount[]): void {
  addToLots(lots, sumByLot(parts, (part) => -part.amount));
}

/** Only the part that did not expire at once comes back into the lot. */
function returnToLots(lots: Lot[], parts: readonly LotReturn[]): void {
  addToLots(lots, sumByLot(parts, (part) => part.amount - part.expiredAmount));
}

function consumptionOf(amount: number, lots: readonly LotAmount[], purpose: Consumption['purpose'], occurredAt: string): Consumption {
  return { amount, refunded: 0, lots: lots.map(({ lotId, amount: taken }) => ({ lotId, amount: taken, refunded: 0 })), purpose: purposeOf(purpose), occurredAt };
}

// Nested values are built, not taken from the event: a state's JSON text then depends on its content
// only, not on whether its events came from the decider or from the store (jsonb reorders keys).
const purposeOf = ({ resourceType, reference }: SpendPurpose): SpendPurpose => ({ resourceType, reference });

function withRefund(consumption: Consumption, amount: number, parts: readonly LotAmount[]): Consumption {
  const back = sumByLot(parts, (part) => part.amount);
  const lots = consumption.lots.map((part) => {
    // A lot appears once per consumption, so the whole refund for it lands on that entry.
    const refunded = back.get(part.lotId) ?? 0;
    back.delete(part.lotId);
    return refunded === 0 ? part : { ...part, refunded: part.refunded + refunded };
  });
  return { ...consumption, refunded: consumption.refunded + amount, lots };
}

function updateHold(draft: WalletDraft, holdId: string, change: (hold: Hold) => Hold): void {
  const hold = holdOf(draft, holdId);
  if (hold) draft.holds[holdId] = change(hold);
}
