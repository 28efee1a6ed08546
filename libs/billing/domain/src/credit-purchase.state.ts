import type { Money } from '@credits/contracts';
import type { PaymentMethod, WalletRef } from './credit-purchase.commands';
import type { PurchaseEvent } from './credit-purchase.events';

export type PurchaseStatus = 'awaiting_payment' | 'completed' | 'failed';

export interface Purchase {
  readonly purchaseId: string;
  readonly locationId: string;
  readonly buyerId: string;
  readonly wallet: WalletRef;
  readonly optionId: string;
  readonly optionName: string;
  /** hundredths */
  readonly credits: number;
  readonly listPrice: Money;
  readonly discountPercent: number;
  readonly price: Money;
  readonly paymentMethod: PaymentMethod;
  readonly status: PurchaseStatus;
  /** the card payment that paid it, or that failed last */
  readonly paymentId: string | null;
  readonly failureReason: string | null;
  readonly createdAt: string;
  readonly completedAt: string | null;
}

/** No purchase yet, or one. */
export type PurchaseState = Purchase | null;

export function evolve(state: PurchaseState, event: PurchaseEvent): PurchaseState {
  switch (event.type) {
    case 'PurchaseStarted': {
      const { occurredAt, ...started } = event.data;
      return { ...started, status: 'awaiting_payment', paymentId: null, failureReason: null, createdAt: occurredAt, completedAt: null };
    }
    case 'PurchaseCompleted':
      return state && { ...state, status: 'completed', paymentId: event.data.paymentId ?? state.paymentId, failureReason: null, completedAt: event.data.occurredAt };
    case 'PurchaseFailed':
      return state && { ...state, status: 'failed', paymentId: event.data.paymentId, failureReason: event.data.reason };
    default: {
      const unknown: never = event;
      throw new Error(`unknown purchase event ${JSON.stringify(unknown)}`);
    }
  }
}
