import { randomUUID } from 'node:crypto';
import Stripe from 'stripe';
import { STRIPE_WEBHOOK_SECRET, type ApiResponse, type apiClient } from './system-under-test';

/** A Stripe event around a PaymentIntent, as Stripe would send it (stripe-mock sends none). */
export function paymentIntentEvent(type: string, paymentIntent: Record<string, unknown>): string {
  return JSON.stringify({
    id: `evt_${randomUUID().replace(/-/g, '')}`,
    object: 'event',
    type,
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    data: { object: { object: 'payment_intent', ...paymentIntent } },
  });
}

/** `payment_intent.succeeded` for the whole amount in EUR; `metadata` names what was paid for. */
export function paymentSucceeded(paymentIntentId: string, amount: number, metadata: Record<string, string> = {}): string {
  return paymentIntentEvent('payment_intent.succeeded', { id: paymentIntentId, amount, amount_received: amount, currency: 'eur', status: 'succeeded', metadata });
}

/** The `stripe-signature` header Stripe would send with `payload`; another secret or an old timestamp makes a forgery. */
export function signWebhook(payload: string, options: { secret?: string; timestamp?: number } = {}): string {
  return Stripe.webhooks.generateTestHeaderString({ payload, secret: options.secret ?? STRIPE_WEBHOOK_SECRET, timestamp: options.timestamp });
}

/** Posts a webhook to payments through the gateway, signed as Stripe would unless a signature is given. */
export function sendWebhook(api: ReturnType<typeof apiClient>, payload: string, signature = signWebhook(payload)): Promise<ApiResponse> {
  return api('POST', '/v1/payments/stripe/webhook', { body: payload, headers: { 'content-type': 'application/json', 'stripe-signature': signature } });
}
