/** Why a command changed nothing. Each carries a human `detail` fit for an error response. */
export type LedgerRejection =
  | { readonly type: 'invalid-command'; readonly field: string; readonly detail: string }
  | { readonly type: 'wallet-mismatch'; readonly expected: string; readonly actual: string; readonly detail: string }
  | { readonly type: 'invalid-amount'; readonly amount: unknown; readonly detail: string }
  | { readonly type: 'invalid-expiry'; readonly expiresAt: unknown; readonly now: string; readonly detail: string }
  | {
      readonly type: 'insufficient-credits';
      readonly requested: number;
      readonly available: number;
      readonly shortfall: number;
      readonly detail: string;
    }
  | { readonly type: 'duplicate-id'; readonly idKind: DuplicateIdKind; readonly id: string; readonly detail: string }
  | { readonly type: 'hold-not-found'; readonly holdId: string; readonly detail: string }
  | { readonly type: 'hold-not-open'; readonly holdId: string; readonly status: 'captured' | 'released'; readonly detail: string }
  | { readonly type: 'hold-expired'; readonly holdId: string; readonly expiresAt: string; readonly detail: string }
  | {
      readonly type: 'capture-exceeds-hold';
      readonly holdId: string;
      readonly requested: number;
      readonly held: number;
      readonly detail: string;
    }
  | { readonly type: 'spend-not-found'; readonly spendId: string | null; readonly holdId: string | null; readonly detail: string }
  | { readonly type: 'refund-exceeds-spent'; readonly requested: number; readonly refundable: number; readonly detail: string };

export type LedgerRejectionType = LedgerRejection['type'];

/** Which id a command reused: each id names one lot, deduction, spend, hold or refund forever. */
export type DuplicateIdKind = 'lot' | 'deduction' | 'spend' | 'hold' | 'refund';
