import type { LedgerEvent } from '@credits/contracts';
import type { WalletBalanceResponse } from '@credits/contracts/http';
import { balanceOf, formatCredits, type LedgerRejection, type WalletState } from '@credits/ledger-domain';
import { ProblemException, Problems } from '@credits/platform/core';

export function balanceView(state: WalletState, now: string): WalletBalanceResponse {
  const balance = balanceOf(state, now);
  return {
    walletId: state.walletId,
    balance: formatCredits(balance.balance),
    permanent: formatCredits(balance.permanent),
    expiring: formatCredits(balance.expiring),
    lots: balance.lots.map((lot) => ({
      lotId: lot.lotId,
      kind: lot.kind,
      remaining: formatCredits(lot.remaining),
      expiresAt: lot.expiresAt,
      source: lot.source,
    })),
  };
}

/** How much an event changed the spendable balance, signed (for transaction history). */
export function balanceChange(event: LedgerEvent): number {
  switch (event.type) {
    case 'CreditsGranted':
      return event.data.amount;
    case 'CreditsDeducted':
    case 'CreditsSpent':
    case 'CreditsHeld':
    case 'CreditsExpired':
      return -event.data.amount;
    case 'CreditsHoldCaptured':
      return event.data.releasedAmount - event.data.expiredAmount;
    case 'CreditsHoldReleased':
    case 'CreditsRefunded':
      return event.data.amount - event.data.expiredAmount;
    case 'CreditsExpiringSoon':
      return 0;
    default: {
      const unknownEvent: never = event;
      throw new Error(`unknown ledger event ${(unknownEvent as LedgerEvent).type}`);
    }
  }
}

export function rejectionProblem(rejection: LedgerRejection): ProblemException {
  switch (rejection.type) {
    case 'insufficient-credits':
      return Problems.conflict('insufficient-credits', 'Not enough credits', rejection.detail, {
        requested: formatCredits(rejection.requested),
        available: formatCredits(rejection.available),
        shortfall: formatCredits(rejection.shortfall),
      });
    case 'invalid-amount':
      return Problems.validation([{ field: 'amount', reason: rejection.detail }]);
    case 'invalid-expiry':
      return Problems.validation([{ field: 'expiresAt', reason: rejection.detail }]);
    case 'invalid-command':
      return Problems.validation([{ field: rejection.field, reason: rejection.detail }]);
    case 'hold-not-found':
    case 'spend-not-found':
      return Problems.notFound(rejection.detail);
    case 'wallet-mismatch':
    case 'duplicate-id':
    case 'hold-not-open':
    case 'hold-expired':
    case 'capture-exceeds-hold':
      return Problems.conflict(rejection.type, 'The wallet cannot do this', rejection.detail);
    case 'refund-exceeds-spent':
      return Problems.conflict(rejection.type, 'The wallet cannot do this', rejection.detail, {
        requested: formatCredits(rejection.requested),
        refundable: formatCredits(rejection.refundable),
      });
    default: {
      const unknownRejection: never = rejection;
      return Problems.conflict('rejected', 'Rejected', String(unknownRejection));
    }
  }
}
