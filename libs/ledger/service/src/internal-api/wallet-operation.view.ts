import type { LedgerEvent } from '@credits/contracts';
import { formatCredits } from '@credits/ledger-domain';
import { lotView, returnView } from '../shared/event-data.view';

/** What a spend, hold, capture, release or refund did, with the lots it touched (credits as decimal strings). */
export function operationView(event: LedgerEvent): object {
  switch (event.type) {
    case 'CreditsSpent':
      return { spendId: event.data.spendId, amount: formatCredits(event.data.amount), purpose: event.data.purpose, lots: event.data.lots.map(lotView) };
    case 'CreditsHeld':
      return {
        holdId: event.data.holdId,
        amount: formatCredits(event.data.amount),
        expiresAt: event.data.expiresAt,
        purpose: event.data.purpose,
        lots: event.data.lots.map(lotView),
      };
    case 'CreditsHoldCaptured':
      return {
        holdId: event.data.holdId,
        amount: formatCredits(event.data.amount),
        lots: event.data.lots.map(lotView),
        releasedAmount: formatCredits(event.data.releasedAmount),
        releasedLots: event.data.releasedLots.map(returnView),
      };
    case 'CreditsHoldReleased':
      return { holdId: event.data.holdId, amount: formatCredits(event.data.amount), timedOut: event.data.timedOut, lots: event.data.lots.map(returnView) };
    case 'CreditsRefunded':
      return {
        refundId: event.data.refundId,
        spendId: event.data.spendId,
        holdId: event.data.holdId,
        amount: formatCredits(event.data.amount),
        expiredAmount: formatCredits(event.data.expiredAmount),
        lots: event.data.lots.map(returnView),
      };
    case 'CreditsGranted':
    case 'CreditsDeducted':
    case 'CreditsExpired':
    case 'CreditsExpiringSoon':
      throw new Error(`${event.type} is not the result of an internal wallet operation`);
    default: {
      const unknownEvent: never = event;
      throw new Error(`unknown ledger event ${(unknownEvent as LedgerEvent).type}`);
    }
  }
}
