import type { Money, PaymentPurpose } from '@credits/contracts';

export interface CreateIntent {
  readonly paymentId: string;
  readonly amount: Money;
  readonly purpose: PaymentPurpose;
  readonly description?: string;
}

export interface CreatedIntent {
  readonly paymentIntentId: string;
  readonly clientSecret: string;
}

/** A verified webhook event about a PaymentIntent; other event types arrive as `other`. */
export type ProviderEvent =
  | {
      readonly kind: 'succeeded' | 'failed';
      /** the provider's event id: duplicates and redeliveries carry the same one */
      readonly eventId: string;
      readonly paymentIntentId: string;
      /** `metadata.paymentId` of the PaymentIntent, when it carries one */
      readonly paymentId: string | null;
      /** what the provider says was received, in ISO 4217 minor units */
      readonly received: Money;
      /** for failures: the provider's reason, e.g. card_declined */
      readonly reason: string;
    }
  | { readonly kind: 'other'; readonly eventId: string; readonly type: string };

/** The webhook's signature or timestamp did not verify: the request changes nothing. */
export class InvalidWebhook extends Error {}

/** The provider refused or failed a call; `retryable` when it may succeed later (network, 5xx, rate limit). */
export class ProviderError extends Error {
  constructor(message: string, readonly retryable: boolean, options?: ErrorOptions) {
    super(message, options);
  }
}

/**
 * Card payments as the service needs them (Stripe behind it). Every call that creates something
 * takes an idempotency key derived from our own id, so a retried call never charges or refunds twice.
 */
export interface PaymentProvider {
  createIntent(request: CreateIntent, idempotencyKey: string): Promise<CreatedIntent>;
  refund(paymentIntentId: string, amount: Money, refundId: string, idempotencyKey: string): Promise<{ readonly refundId: string }>;
  /** Verifies the signature on the exact bytes received (and the timestamp's age), then reads the event. */
  parseWebhook(rawBody: Buffer, signature: string): ProviderEvent;
}
