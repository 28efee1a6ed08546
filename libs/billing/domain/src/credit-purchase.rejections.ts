import type { Money } from '@credits/contracts';

/** Why a purchase command changed nothing; each carries a `detail` fit for an error response. */
export type PurchaseRejection =
  | { readonly type: 'location-not-found'; readonly detail: string }
  | { readonly type: 'not-a-member'; readonly detail: string }
  | { readonly type: 'not-your-wallet'; readonly detail: string }
  | { readonly type: 'company-not-found'; readonly detail: string }
  | { readonly type: 'not-in-company'; readonly detail: string }
  | { readonly type: 'corporate-card-not-allowed'; readonly detail: string }
  | { readonly type: 'company-archived'; readonly detail: string }
  | { readonly type: 'credits-disabled'; readonly detail: string }
  | { readonly type: 'option-not-found'; readonly detail: string }
  | { readonly type: 'option-archived'; readonly detail: string }
  | { readonly type: 'currency-mismatch'; readonly detail: string }
  | { readonly type: 'not-free'; readonly price: Money; readonly detail: string }
  | { readonly type: 'nothing-to-pay'; readonly detail: string }
  | { readonly type: 'bill-payment-not-enabled'; readonly detail: string }
  | { readonly type: 'purchase-exists'; readonly detail: string }
  | { readonly type: 'purchase-not-found'; readonly detail: string }
  | { readonly type: 'not-a-card-purchase'; readonly detail: string }
  | { readonly type: 'payment-mismatch'; readonly expected: Money; readonly paid: Money; readonly detail: string }
  | { readonly type: 'purchase-final'; readonly detail: string };

export type PurchaseRejectionType = PurchaseRejection['type'];
