export * from './payments.service';
export { MembershipFactsClient } from './shared/location-access';
export { CardPaymentsNotConfigured, StripePaymentProvider, type StripeSettings } from './shared/stripe.provider';
export type { PaymentProvider } from './shared/payment-provider.port';
export { DEV_STRIPE_WEBHOOK_SECRET, paymentProviderFrom, stripeConfigVars, withDevWebhookSecret } from './shared/payment-provider.config';
