import type { Money } from '@credits/contracts';
import { minorUnitExponent } from '@credits/payments-domain';
import { ProblemException, Problems } from '@credits/platform/core';
import Stripe from 'stripe';
import { InvalidWebhook, ProviderError, type CreateIntent, type CreatedIntent, type PaymentProvider, type ProviderEvent } from './payment-provider.port';

/** Seconds a signed webhook stays acceptable: an older timestamp may be a replay. */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

export interface StripeSettings {
  readonly secretKey: string;
  /** stripe-mock or another Stripe-compatible base URL; default: Stripe itself */
  readonly apiBase?: string;
  readonly webhookSecret: string;
}

/**
 * Where Stripe's smallest unit is not ISO 4217's: ISK and UGX are sent with two decimals
 * (ISO: none), MGA with none (ISO: two). Decimals Stripe expects, by currency.
 */
const STRIPE_DECIMALS: Readonly<Record<string, number>> = { ISK: 2, UGX: 2, MGA: 0 };
/** Three-decimal currencies: Stripe takes only amounts whose last digit is 0. */
const THREE_DECIMALS_STEP = 10;

function stripeDecimals(currency: string): number | null {
  return Object.hasOwn(STRIPE_DECIMALS, currency) ? STRIPE_DECIMALS[currency] : minorUnitExponent(currency);
}

/** Our money (ISO 4217 minor units) as Stripe's integer amount; null when Stripe cannot take it exactly. */
export function toStripeAmount(money: Money): number | null {
  const iso = minorUnitExponent(money.currency);
  const stripe = stripeDecimals(money.currency);
  if (iso === null || stripe === null) return null;
  if (iso === 3 && money.amount % THREE_DECIMALS_STEP !== 0) return null;
  if (stripe >= iso) return money.amount * 10 ** (stripe - iso);
  const divisor = 10 ** (iso - stripe);
  return money.amount % divisor === 0 ? money.amount / divisor : null;
}

/** Stripe's amount and lower-case currency back in ISO 4217 minor units; null for what we cannot read exactly. */
export function fromStripeAmount(amount: number, stripeCurrency: string): Money | null {
  const currency = stripeCurrency.toUpperCase();
  const iso = minorUnitExponent(currency);
  const stripe = stripeDecimals(currency);
  if (iso === null || stripe === null || !Number.isSafeInteger(amount)) return null;
  if (iso >= stripe) return { amount: amount * 10 ** (iso - stripe), currency };
  const divisor = 10 ** (stripe - iso);
  return amount % divisor === 0 ? { amount: amount / divisor, currency } : null;
}

/** Stripe API base URL as stripe-node wants it (host, port, protocol). */
export function stripeHostOptions(apiBase: string | undefined): Pick<Stripe.StripeConfig, 'host' | 'port' | 'protocol'> {
  if (!apiBase) return {};
  const url = new URL(apiBase);
  const protocol = url.protocol === 'http:' ? 'http' : 'https';
  return { host: url.hostname, port: url.port || (protocol === 'http' ? 80 : 443), protocol };
}

function providerError(error: unknown): ProviderError {
  if (error instanceof Stripe.errors.StripeError) {
    const retryable =
      error instanceof Stripe.errors.StripeConnectionError || error instanceof Stripe.errors.StripeAPIError || error instanceof Stripe.errors.StripeRateLimitError;
    return new ProviderError(`Stripe: ${error.type}${error.code ? ` (${error.code})` : ''}: ${error.message}`, retryable, { cause: error });
  }
  return new ProviderError(`Stripe call failed: ${(error as Error)?.message ?? String(error)}`, true, { cause: error });
}

/** The official Stripe client behind the PaymentProvider port. */
export class StripePaymentProvider implements PaymentProvider {
  private readonly stripe: Stripe;

  constructor(private readonly settings: StripeSettings) {
    this.stripe = new Stripe(settings.secretKey, { ...stripeHostOptions(settings.apiBase), maxNetworkRetries: 2, timeout: 10000 });
  }

  async createIntent(request: CreateIntent, idempotencyKey: string): Promise<CreatedIntent> {
    const amount = toStripeAmount(request.amount);
    if (amount === null) {
      throw Problems.unprocessable('amount-not-payable-by-card', 'Amount not payable by card', `${request.amount.currency} ${request.amount.amount} cannot be charged by card exactly`);
    }
    // metadata.purchaseId / bookingId name what was paid for in Stripe's dashboard and in webhooks.
    const purposeKey = request.purpose.type === 'credit-purchase' ? 'purchaseId' : 'bookingId';
    try {
      const intent = await this.stripe.paymentIntents.create(
        {
          amount,
          currency: request.amount.currency.toLowerCase(),
          metadata: { paymentId: request.paymentId, [purposeKey]: request.purpose.id },
          automatic_payment_methods: { enabled: true },
          ...(request.description ? { description: request.description } : {}),
        },
        { idempotencyKey },
      );
      if (!intent.client_secret) throw new ProviderError(`Stripe answered PaymentIntent ${intent.id} without a client secret`, true);
      return { paymentIntentId: intent.id, clientSecret: intent.client_secret };
    } catch (error) {
      throw error instanceof ProviderError ? error : providerError(error);
    }
  }

  async refund(paymentIntentId: string, amount: Money, refundId: string, idempotencyKey: string): Promise<{ refundId: string }> {
    const stripeAmount = toStripeAmount(amount);
    if (stripeAmount === null) throw new ProviderError(`${amount.currency} ${amount.amount} cannot be refunded by card exactly`, false);
    try {
      const refund = await this.stripe.refunds.create({ payment_intent: paymentIntentId, amount: stripeAmount, metadata: { refundId } }, { idempotencyKey });
      return { refundId: refund.id };
    } catch (error) {
      throw providerError(error);
    }
  }

  parseWebhook(rawBody: Buffer, signature: string): ProviderEvent {
    let event: Stripe.Event;
    try {
      event = this.stripe.webhooks.constructEvent(rawBody, signature, this.settings.webhookSecret, WEBHOOK_TOLERANCE_SECONDS);
    } catch (error) {
      throw new InvalidWebhook((error as Error).message);
    }
    if (event.type !== 'payment_intent.succeeded' && event.type !== 'payment_intent.payment_failed') {
      return { kind: 'other', eventId: event.id, type: event.type };
    }
    const intent = event.data.object;
    // Signed, yet not a PaymentIntent we can read: refused (400) rather than failing on it every retry.
    if (typeof intent?.id !== 'string' || typeof intent.currency !== 'string' || !Number.isSafeInteger(intent.amount_received)) {
      throw new InvalidWebhook(`${event.type} ${event.id} carries no readable PaymentIntent`);
    }
    const failure = intent.last_payment_error;
    return {
      kind: event.type === 'payment_intent.succeeded' ? 'succeeded' : 'failed',
      eventId: event.id,
      paymentIntentId: intent.id,
      paymentId: intent.metadata?.paymentId ?? null,
      // Unreadable money is kept as Stripe sent it: it matches no payment, so it is recorded as a mismatch.
      received: fromStripeAmount(intent.amount_received, intent.currency) ?? { amount: intent.amount_received, currency: intent.currency.toUpperCase() },
      reason: failure?.decline_code ?? failure?.code ?? 'payment_failed',
    };
  }
}

/** Without Stripe settings: every card operation answers 503, everything else keeps working. */
export class CardPaymentsNotConfigured implements PaymentProvider {
  private refuse(): never {
    throw new ProblemException(
      503,
      'card-payments-not-configured',
      'Card payments are not configured',
      'card payments are not configured: set STRIPE_SECRET_KEY (or STRIPE_API_BASE for stripe-mock) and STRIPE_WEBHOOK_SECRET',
    );
  }
  async createIntent(): Promise<CreatedIntent> {
    return this.refuse();
  }
  async refund(): Promise<{ refundId: string }> {
    return this.refuse();
  }
  parseWebhook(): ProviderEvent {
    return this.refuse();
  }
}
