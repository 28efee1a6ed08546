import { ConfigError, optional, str, url } from '@credits/platform/core';
import type { PaymentProvider } from './payment-provider.port';
import { CardPaymentsNotConfigured, StripePaymentProvider } from './stripe.provider';

/** The Stripe settings every mode reads (the payments app, `npm start`). */
export const stripeConfigVars = {
  STRIPE_SECRET_KEY: optional(str('Stripe secret key (sk_live_… or a test-mode sk_test_…); with STRIPE_API_BASE also unset, card payments answer 503')),
  STRIPE_API_BASE: optional(url('Stripe-compatible API base URL, e.g. http://127.0.0.1:12111 for stripe-mock (default: Stripe)', ['http:', 'https:'])),
  STRIPE_WEBHOOK_SECRET: optional(str('signing secret of the Stripe webhook endpoint (whsec_…); required when card payments are configured')),
};

export interface StripeConfig {
  readonly STRIPE_SECRET_KEY?: string;
  readonly STRIPE_API_BASE?: string;
  readonly STRIPE_WEBHOOK_SECRET?: string;
}

// stripe-mock takes any test-mode key.
const STRIPE_MOCK_KEY = 'sk_test_stripemock';

/** `npm start` against stripe-mock without STRIPE_WEBHOOK_SECRET signs and checks test webhooks with this one. */
export const DEV_STRIPE_WEBHOOK_SECRET = 'whsec_development_only_not_for_stripe';

/** For `npm start`: stripe-mock (no key) may go without a webhook secret; the development one is used. */
export function withDevWebhookSecret(config: StripeConfig): StripeConfig {
  if (config.STRIPE_WEBHOOK_SECRET || config.STRIPE_SECRET_KEY || !config.STRIPE_API_BASE) return config;
  return { ...config, STRIPE_WEBHOOK_SECRET: DEV_STRIPE_WEBHOOK_SECRET };
}

/** Stripe when a key is set, stripe-mock when only its URL is, else card payments not configured. */
export function paymentProviderFrom(config: StripeConfig): { provider: PaymentProvider; describe: string } {
  const { STRIPE_SECRET_KEY: key, STRIPE_API_BASE: apiBase, STRIPE_WEBHOOK_SECRET: webhookSecret } = config;
  if (!key && !apiBase) return { provider: new CardPaymentsNotConfigured(), describe: 'card payments not configured (STRIPE_SECRET_KEY unset): they answer 503' };
  if (!webhookSecret) throw new ConfigError('invalid configuration:\n  - STRIPE_WEBHOOK_SECRET is required when STRIPE_SECRET_KEY or STRIPE_API_BASE is set');
  const provider = new StripePaymentProvider({ secretKey: key ?? STRIPE_MOCK_KEY, apiBase, webhookSecret });
  return { provider, describe: `card payments through ${apiBase ?? 'Stripe'}${key?.startsWith('sk_live_') ? ' (live mode)' : ' (test mode)'}` };
}
