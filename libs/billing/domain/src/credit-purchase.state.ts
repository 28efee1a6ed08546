import type { PurchaseEvent, PurchaseTerms } from './credit-purchase.events';

export type PurchaseStatus = 'awaiting_payment' | 'completed' | 'failed';

export interface Purchase extends PurchaseTerms {
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
