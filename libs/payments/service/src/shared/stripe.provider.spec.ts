import Stripe from 'stripe';
import { InvalidWebhook } from './payment-provider.port';
import { DEV_STRIPE_WEBHOOK_SECRET, paymentProviderFrom, withDevWebhookSecret } from './payment-provider.config';
import { CardPaymentsNotConfigured, StripePaymentProvider, WEBHOOK_TOLERANCE_SECONDS, fromStripeAmount, stripeHostOptions, toStripeAmount } from './stripe.provider';

describe('Stripe amounts from ISO 4217 minor units and back', () => {
  it.each([
    [{ amount: 900, currency: 'EUR' }, 900],
    [{ amount: 500, currency: 'JPY' }, 500],
    // Stripe takes ISK and UGX with two decimals, MGA with none.
    [{ amount: 500, currency: 'ISK' }, 50000],
    [{ amount: 1500, currency: 'MGA' }, 15],
    [{ amount: 1230, currency: 'KWD' }, 1230],
  ])('%j -> %i', (money, stripeAmount) => {
    expect(toStripeAmount(money)).toBe(stripeAmount);
    expect(fromStripeAmount(stripeAmount, money.currency.toLowerCase())).toEqual(money);
  });

  it('refuses what Stripe cannot charge exactly, and currencies it does not know', () => {
    expect(toStripeAmount({ amount: 1501, currency: 'MGA' })).toBeNull();
    expect(toStripeAmount({ amount: 1235, currency: 'KWD' })).toBeNull();
    expect(toStripeAmount({ amount: 100, currency: 'XXY' })).toBeNull();
    expect(fromStripeAmount(50001, 'isk')).toBeNull();
    expect(fromStripeAmount(100, 'xxy')).toBeNull();
  });
});

describe('which Stripe', () => {
  it('reads host, port and protocol from STRIPE_API_BASE', () => {
    expect(stripeHostOptions('http://127.0.0.1:12111')).toEqual({ host: '127.0.0.1', port: '12111', protocol: 'http' });
    expect(stripeHostOptions('https://stripe.example.internal')).toEqual({ host: 'stripe.example.internal', port: 443, protocol: 'https' });
    expect(stripeHostOptions(undefined)).toEqual({});
  });

  it('is Stripe with a key, stripe-mock with only its URL, and not configured without either', () => {
    expect(paymentProviderFrom({}).provider).toBeInstanceOf(CardPaymentsNotConfigured);
    expect(paymentProviderFrom({ STRIPE_SECRET_KEY: 'sk_test_1', STRIPE_WEBHOOK_SECRET: 'whsec_1' }).provider).toBeInstanceOf(StripePaymentProvider);
    expect(paymentProviderFrom({ STRIPE_API_BASE: 'http://127.0.0.1:12111', STRIPE_WEBHOOK_SECRET: 'whsec_1' }).describe).toContain('http://127.0.0.1:12111');
    expect(() => paymentProviderFrom({ STRIPE_SECRET_KEY: 'sk_test_1' })).toThrow(/STRIPE_WEBHOOK_SECRET is required/);
  });

  it('lets npm start run stripe-mock without a webhook secret (the development one), never Stripe', () => {
    expect(withDevWebhookSecret({ STRIPE_API_BASE: 'http://127.0.0.1:12111' }).STRIPE_WEBHOOK_SECRET).toBe(DEV_STRIPE_WEBHOOK_SECRET);
    expect(withDevWebhookSecret({ STRIPE_SECRET_KEY: 'sk_test_1' }).STRIPE_WEBHOOK_SECRET).toBeUndefined();
    expect(withDevWebhookSecret({}).STRIPE_WEBHOOK_SECRET).toBeUndefined();
  });

  it('answers every card operation with 503 "card payments are not configured" when not configured', async () => {
    const provider = new CardPaymentsNotConfigured();
    await expect(provider.createIntent()).rejects.toMatchObject({ status: 503, detail: expect.stringContaining('card payments are not configured') });
    expect(() => provider.parseWebhook()).toThrow(/card payments are not configured/);
  });
});

describe('webhook verification', () => {
  const secret = 'whsec_unit';
  const provider = new StripePaymentProvider({ secretKey: 'sk_test_unit', webhookSecret: secret });
  const payload = JSON.stringify({
    id: 'evt_1',
    object: 'event',
    type: 'payment_intent.succeeded',
    data: { object: { id: 'pi_1', object: 'payment_intent', amount: 900, amount_received: 900, currency: 'eur', metadata: { paymentId: 'pay-1' } } },
  });
  const now = Math.floor(Date.now() / 1000);

  it('reads a correctly signed event', () => {
    const header = Stripe.webhooks.generateTestHeaderString({ payload, secret });
    expect(provider.parseWebhook(Buffer.from(payload), header)).toEqual({
      kind: 'succeeded',
      eventId: 'evt_1',
      paymentIntentId: 'pi_1',
      paymentId: 'pay-1',
      received: { amount: 900, currency: 'EUR' },
      reason: 'payment_failed',
    });
  });

  it.each([
    ['another secret', Stripe.webhooks.generateTestHeaderString({ payload, secret: 'whsec_other' })],
    ['a timestamp older than the tolerance', Stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp: now - WEBHOOK_TOLERANCE_SECONDS - 1 })],
    ['no signature', 't=1,v1='],
  ])('refuses %s', (_, header) => {
    expect(() => provider.parseWebhook(Buffer.from(payload), header)).toThrow(InvalidWebhook);
  });

  it('refuses a signed payment_intent event without a readable PaymentIntent', () => {
    const broken = JSON.stringify({ id: 'evt_2', object: 'event', type: 'payment_intent.succeeded', data: { object: { id: 'pi_1', object: 'payment_intent' } } });
    expect(() => provider.parseWebhook(Buffer.from(broken), Stripe.webhooks.generateTestHeaderString({ payload: broken, secret }))).toThrow(InvalidWebhook);
  });

  it('refuses a body changed after signing (one byte of whitespace)', () => {
    const header = Stripe.webhooks.generateTestHeaderString({ payload, secret });
    expect(() => provider.parseWebhook(Buffer.from(`${payload} `), header)).toThrow(InvalidWebhook);
  });
});
