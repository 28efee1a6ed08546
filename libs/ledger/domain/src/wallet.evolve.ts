import type { LedgerEvent, LotAmount, LotReturn } from '@credits/contracts';
import type { Consumption, Hold, Lot, WalletState } from './wallet.state';
import { expiryWarningKey, holdOf, initialWalletState, spendOf } from './wallet.state';

/**
 * Applies one event to the state. No validation: events are facts (decide checked them before they
 * were stored), and replaying history must never fail. Returns a new state; the input is not changed.
 */
export function evolve(state: WalletState, event: LedgerEvent): WalletState {
  const next = { ...state, version: state.version + 1 };
  switch (event.type) {
    case 'CreditsGranted': {
      const { data } = event;
      const lot: Lot = {
        lotId: data.lotId,
        kind: data.kind,
        granted: data.amount,
        remaining: data.amount,
        expiresAt: data.expiresAt,
        source: data.source,
        unitPrice: data.unitPrice,
        planPeriodId: data.planPeriodId,
        createdAt: data.occurredAt,
        sequence: next.version,
        expiredAt: null,
      };
      return { ...next, lots: [...state.lots, lot] };
    }
    case 'CreditsDeducted':
      return { ...next, lots: takeFromLots(state.lots, event.data.lots), deductionIds: [...state.deductionIds, event.data.deductionId] };
    case 'CreditsSpent': {
      const { data } = event;
      const spend = { spendId: data.spendId, ...consumptionOf(data.amount, data.lots, data.purpose, data.occurredAt) };
      return { ...next, lots: takeFromLots(state.lots, data.lots), spends: { ...state.spends, [data.spendId]: spend } };
    }
    case 'CreditsHeld': {
      const { data } = event;
      const hold: Hold = {
        holdId: data.holdId,
        amount: data.amount,
        expiresAt: data.expiresAt,
        purpose: data.purpose,
        createdAt: data.occurredAt,
        status: 'open',
        reservations: data.lots.map(({ lotId, amount }) => ({ lotId, amount })),
        capture: null,
      };
      return { ...next, lots: takeFromLots(state.lots, data.lots), holds: { ...state.holds, [data.holdId]: hold } };
    }
    case 'CreditsHoldCaptured': {
      const { data } = event;
      const capture = consumptionOf(data.amount, data.lots, data.purpose, data.occurredAt);
      return {
        ...next,
        lots: returnToLots(state.lots, data.releasedLots),
        holds: updateHold(state, data.holdId, (hold) => ({ ...hold, status: 'captured', capture })),
      };
    }
    case 'CreditsHoldReleased': {
      const { data } = event;
      return {
        ...next,
        lots: returnToLots(state.lots, data.lots),
        holds: updateHold(state, data.holdId, (hold) => ({ ...hold, status: 'released' })),
      };
    }
    case 'CreditsRefunded': {
      const { data } = event;
      const refund = (consumption: Consumption) => withRefund(consumption, data.amount, data.lots);
      let { spends, holds } = state;
      if (data.spendId !== null) {
        const spend = spendOf(state, data.spendId);
        if (spend) spends = { ...spends, [data.spendId]: { ...spend, ...refund(spend) } };
      } else if (data.holdId !== null) {
        holds = updateHold(state, data.holdId, (hold) => (hold.capture ? { ...hold, capture: refund(hold.capture) } : hold));
      }
      return { ...next, lots: returnToLots(state.lots, data.lots), spends, holds, refundIds: [...state.refundIds, data.refundId] };
    }
    case 'CreditsExpired': {
      const { data } = event;
      const expired = new Map(data.lots.map((part) => [part.lotId, part.amount]));
      const lots = state.lots.map((lot) =>
        expired.has(lot.lotId) ? { ...lot, remaining: lot.remaining - (expired.get(lot.lotId) ?? 0), expiredAt: data.occurredAt } : lot,
      );
      return { ...next, lots };
    }
    case 'CreditsExpiringSoon':
      return { ...next, expiryWarnings: [...state.expiryWarnings, expiryWarningKey(event.data)] };
    default:
      return assertNever(event);
  }
}

function assertNever(event: never): never {
  throw new Error(`unknown ledger event: ${JSON.stringify((event as { type?: unknown }).type)}`);
}

/** Folds a wallet's events, oldest first, into its state (rebuild from position 0). */
export function replay(walletId: string, events: Iterable<LedgerEvent>): WalletState {
  let state = initialWalletState(walletId);
  for (const event of events) state = evolve(state, event);
  return state;
}

function addToLots(lots: readonly Lot[], deltas: ReadonlyMap<string, number>): readonly Lot[] {
  if (deltas.size === 0) return lots;
  return lots.map((lot) => (deltas.has(lot.lotId) ? { ...lot, remaining: lot.remaining + (deltas.get(lot.lotId) ?? 0) } : lot));
}

function sumByLot<T extends LotAmount>(parts: readonly T[], amountOf: (part: T) => number): Map<string, number> {
  const deltas = new Map<string, number>();
  for (const part of parts) deltas.set(part.lotId, (deltas.get(part.lotId) ?? 0) + amountOf(part));
  return deltas;
}

function takeFromLots(lots: readonly Lot[], parts: readonly LotAmount[]): readonly Lot[] {
  return addToLots(lots, sumByLot(parts, (part) => -part.amount));
}

/** Only the part that did not expire at once comes back into the lot. */
function returnToLots(lots: readonly Lot[], parts: readonly LotReturn[]): readonly Lot[] {
  return addToLots(lots, sumByLot(parts, (part) => part.amount - part.expiredAmount));
}

function consumptionOf(amount: number, lots: readonly LotAmount[], purpose: Consumption['purpose'], occurredAt: string): Consumption {
  return { amount, refunded: 0, lots: lots.map(({ lotId, amount: taken }) => ({ lotId, amount: taken, refunded: 0 })), purpose, occurredAt };
}

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

function updateHold(state: WalletState, holdId: string, change: (hold: Hold) => Hold): WalletState['holds'] {
  const hold = holdOf(state, holdId);
  return hold ? { ...state.holds, [holdId]: change(hold) } : state.holds;
}
