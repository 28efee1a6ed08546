import type { LedgerEvent, LedgerEventDataBase, LotAmount, LotReturn } from '@credits/contracts';
import type { LedgerEntryView, LotAmountView, LotReturnView } from '@credits/contracts/http';
import { formatCredits } from '@credits/ledger-domain';

export const lotView = (lot: LotAmount): LotAmountView => ({ lotId: lot.lotId, amount: formatCredits(lot.amount) });
export const returnView = (lot: LotReturn): LotReturnView => ({ lotId: lot.lotId, amount: formatCredits(lot.amount), expiredAmount: formatCredits(lot.expiredAmount) });

const common = (data: LedgerEventDataBase) => ({ walletId: data.walletId, occurredAt: data.occurredAt, actor: data.actor, reason: data.reason });

type EntryContent<E = LedgerEntryView> = E extends LedgerEntryView ? Pick<E, 'type' | 'data'> : never;

/**
 * An event as the public API shows it: its data with every credit amount as a decimal string. Fields
 * are listed one by one, so a field a later event version adds stays out until it is mapped here.
 */
export function eventDataView(event: LedgerEvent): EntryContent {
  switch (event.type) {
    case 'CreditsGranted': {
      const d = event.data;
      const fields = { lotId: d.lotId, amount: formatCredits(d.amount), kind: d.kind, expiresAt: d.expiresAt, source: d.source, planPeriodId: d.planPeriodId };
      return { type: event.type, data: { ...common(d), ...fields, unitPrice: d.unitPrice, purchaseId: d.purchaseId, moneyRefund: d.moneyRefund, lots: d.lots.map(lotView) } };
    }
    case 'CreditsDeducted': {
      const d = event.data;
      return { type: event.type, data: { ...common(d), deductionId: d.deductionId, kind: d.kind, amount: formatCredits(d.amount), lots: d.lots.map(lotView) } };
    }
    case 'CreditsSpent': {
      const d = event.data;
      return { type: event.type, data: { ...common(d), spendId: d.spendId, amount: formatCredits(d.amount), purpose: d.purpose, lots: d.lots.map(lotView) } };
    }
    case 'CreditsHeld': {
      const d = event.data;
      const fields = { holdId: d.holdId, amount: formatCredits(d.amount), expiresAt: d.expiresAt, purpose: d.purpose };
      return { type: event.type, data: { ...common(d), ...fields, lots: d.lots.map(lotView) } };
    }
    case 'CreditsHoldCaptured': {
      const d = event.data;
      const released = { releasedAmount: formatCredits(d.releasedAmount), expiredAmount: formatCredits(d.expiredAmount), releasedLots: d.releasedLots.map(returnView) };
      return { type: event.type, data: { ...common(d), holdId: d.holdId, amount: formatCredits(d.amount), purpose: d.purpose, lots: d.lots.map(lotView), ...released } };
    }
    case 'CreditsHoldReleased': {
      const d = event.data;
      const fields = { holdId: d.holdId, amount: formatCredits(d.amount), expiredAmount: formatCredits(d.expiredAmount), timedOut: d.timedOut };
      return { type: event.type, data: { ...common(d), ...fields, lots: d.lots.map(returnView) } };
    }
    case 'CreditsRefunded': {
      const d = event.data;
      const fields = { refundId: d.refundId, spendId: d.spendId, holdId: d.holdId, amount: formatCredits(d.amount), expiredAmount: formatCredits(d.expiredAmount) };
      return { type: event.type, data: { ...common(d), ...fields, lots: d.lots.map(returnView) } };
    }
    case 'CreditsExpired': {
      const d = event.data;
      return { type: event.type, data: { ...common(d), amount: formatCredits(d.amount), planPeriodId: d.planPeriodId, lots: d.lots.map(lotView) } };
    }
    case 'CreditsExpiringSoon': {
      const d = event.data;
      const fields = { owner: d.owner, amount: formatCredits(d.amount), expiresAt: d.expiresAt, planPeriodId: d.planPeriodId };
      return { type: event.type, data: { ...common(d), ...fields, lots: d.lots.map(lotView) } };
    }
    default: {
      const unknownEvent: never = event;
      throw new Error(`unknown ledger event ${(unknownEvent as LedgerEvent).type}`);
    }
  }
}
