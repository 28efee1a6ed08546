export * from './payments.service';
export { MembershipFactsClient, type MemberFacts } from './shared/location-access';
export { CardPaymentsNotConfigured, StripePaymentProvider, type StripeSettings } from './shared/stripe.provider';
export type { PaymentProvider } from './shared/payment-provider.port';
export { paymentProviderFrom, stripeConfigVars } from './shared/payment-provider.config';
