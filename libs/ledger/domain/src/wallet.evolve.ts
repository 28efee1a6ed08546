import type {
  CreditsExpiredData,
  CreditsGrantedData,
  CreditsHeldData,
  CreditsHoldCapturedData,
  CreditsRefundedData,
  CreditsSpentData,
  LedgerEvent,
  LotAmount,
  LotReturn,
  SpendPurpose,
} from '@credits/contracts';
import type { Consumption, Hold, Lot, Spend, WalletState } from './wallet.state';
import { expiryWarningKey, holdOf, spendOf } from './wallet.state';

/**
 * The rules of how each event changes a wallet, as plain functions of the state. No validation:
 * events are facts (decide checked them before they were stored), and replaying history must never
 * fail. Returns a new state; the input is not changed. wallet.fold.ts folds long histories faster
 * with the same element rules (below); the property test proves the two equal.
 */
export function evolve(state: WalletState, event: LedgerEvent): WalletState {
  const version = state.version + 1;
  switch (event.type) {
    case 'CreditsGranted':
      return { ...state, version, lots: [...state.lots, grantedLot(event.data, version)] };
    case 'CreditsDeducted':
      return { ...state, version, lots: changedLots(state.lots, takenFrom(event.data.lots)), deductionIds: [...state.deductionIds, event.data.deductionId] };
    case 'CreditsSpent':
      return {
        ...state,
        version,
        lots: changedLots(state.lots, takenFrom(event.data.lots)),
        spends: recordWith(state.spends, event.data.spendId, newSpend(event.data)),
      };
    case 'CreditsHeld':
      return { ...state, version, lots: changedLots(state.lots, takenFrom(event.data.lots)), holds: recordWith(state.holds, event.data.holdId, newHold(event.data)) };
    case 'CreditsHoldCaptured': {
      const hold = holdOf(state, event.data.holdId);
      const lots = changedLots(state.lots, returnedTo(event.data.releasedLots));
      return { ...state, version, lots, holds: hold ? recordWith(state.holds, event.data.holdId, capturedHold(hold, event.data)) : state.holds };
    }
    case 'CreditsHoldReleased': {
      const hold = holdOf(state, event.data.holdId);
      const lots = changedLots(state.lots, returnedTo(event.data.lots));
      return { ...state, version, lots, holds: hold ? recordWith(state.holds, event.data.holdId, releasedHold(hold)) : state.holds };
    }
    case 'CreditsRefunded': {
      const { data } = event;
      const spend = data.spendId !== null ? spendOf(state, data.spendId) : undefined;
      const hold = data.spendId === null && data.holdId !== null ? holdOf(state, data.holdId) : undefined;
      return {
        ...state,
        version,
        lots: changedLots(state.lots, returnedTo(data.lots)),
        spends: spend ? recordWith(state.spends, data.spendId!, refundedSpend(spend, data)) : state.spends,
        holds: hold ? recordWith(state.holds, data.holdId!, refundedHold(hold, data)) : state.holds,
        refundIds: [...state.refundIds, data.refundId],
      };
    }
    case 'CreditsExpired': {
      const expired = expiredAmounts(event.data);
      const lots = state.lots.map((lot) => (expired.has(lot.lotId) ? expiredLot(lot, expired.get(lot.lotId)!, event.data.occurredAt) : lot));
      return { ...state, version, lots };
    }
    case 'CreditsExpiringSoon':
      return { ...state, version, expiryWarnings: [...state.expiryWarnings, expiryWarningKey(event.data)] };
    default:
      return assertNever(event);
  }
}

function assertNever(event: never): never {
  throw new Error(`unknown ledger event: ${JSON.stringify((event as { type?: unknown }).type)}`);
}

// The element rules, shared with wallet.fold.ts: how one lot, hold or spend changes.

export function grantedLot(data: CreditsGrantedData, sequence: number): Lot {
  return {
    lotId: data.lotId,
    kind: data.kind,
    granted: data.amount,
    remaining: data.amount,
    expiresAt: data.expiresAt,
    source: data.source,
    unitPrice: data.unitPrice && { amount: data.unitPrice.amount, currency: data.unitPrice.currency },
    planPeriodId: data.planPeriodId,
    createdAt: data.occurredAt,
    sequence,
    expiredAt: null,
  };
}

export function newSpend(data: CreditsSpentData): Spend {
  return Object.assign({ spendId: data.spendId }, consumptionOf(data.amount, data.lots, data.purpose, data.occurredAt));
}

export function newHold(data: CreditsHeldData): Hold {
  return {
    holdId: data.holdId,
    amount: data.amount,
    expiresAt: data.expiresAt,
    purpose: purposeOf(data.purpose),
    createdAt: data.occurredAt,
    status: 'open',
    reservations: data.lots.map(({ lotId, amount }) => ({ lotId, amount })),
    capture: null,
  };
}

export function capturedHold(hold: Hold, data: CreditsHoldCapturedData): Hold {
  return { ...hold, status: 'captured', capture: consumptionOf(data.amount, data.lots, data.purpose, data.occurredAt) };
}

export function releasedHold(hold: Hold): Hold {
  return { ...hold, status: 'released' };
}

export function refundedSpend(spend: Spend, data: CreditsRefundedData): Spend {
  return { ...spend, ...withRefund(spend, data.amount, data.lots) };
}

/** A refund of a hold refunds its capture; a hold never captured stays as it is. */
export function refundedHold(hold: Hold, data: CreditsRefundedData): Hold {
  return hold.capture ? { ...hold, capture: withRefund(hold.capture, data.amount, data.lots) } : hold;
}

/** What an expiry takes from each lot (one part per lot). */
export function expiredAmounts(data: CreditsExpiredData): Map<string, number> {
  return new Map(data.lots.map((part) => [part.lotId, part.amount]));
}

export function expiredLot(lot: Lot, amount: number, at: string): Lot {
  return { ...lot, remaining: lot.remaining - amount, expiredAt: at };
}

export function lotWithDelta(lot: Lot, delta: number): Lot {
  return { ...lot, remaining: lot.remaining + delta };
}

/** By lot, what leaves it (negative). */
export function takenFrom(parts: readonly LotAmount[]): Map<string, number> {
  return sumByLot(parts, (part) => -part.amount);
}

/** By lot, what comes back into it: only the part that did not expire at once. */
export function returnedTo(parts: readonly LotReturn[]): Map<string, number> {
  return sumByLot(parts, (part) => part.amount - part.expiredAmount);
}

function sumByLot<T extends LotAmount>(parts: readonly T[], amountOf: (part: T) => number): Map<string, number> {
  const deltas = new Map<string, number>();
  for (const part of parts) deltas.set(part.lotId, (deltas.get(part.lotId) ?? 0) + amountOf(part));
  return deltas;
}

function changedLots(lots: readonly Lot[], deltas: ReadonlyMap<string, number>): Lot[] {
  return lots.map((lot) => (deltas.has(lot.lotId) ? lotWithDelta(lot, deltas.get(lot.lotId)!) : lot));
}

/**
 * A copy of a record of holds or spends with one entry set. Without a prototype: ids are client
 * supplied, and "__proto__" must stay an ordinary key, as in JSON.
 */
function recordWith<T>(record: Readonly<Record<string, T>>, key: string, value: T): Record<string, T> {
  const copy = Object.assign(Object.create(null) as Record<string, T>, record);
  copy[key] = value;
  return copy;
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
