export const PAYMENTS_SCHEMA = 'payments';
export const PAYMENTS_POOL = Symbol('PAYMENTS_POOL');
export const PAYMENT_PROVIDER = Symbol('PAYMENT_PROVIDER');
export const MEMBER_FACTS = Symbol('MEMBER_FACTS');
export const PAYMENTS_CLOCK = Symbol('PAYMENTS_CLOCK');
export const PAYMENTS_LOGGER = Symbol('PAYMENTS_LOGGER');

/** The service clock: domain code gets time as an input. */
export type PaymentsClock = () => Date;
