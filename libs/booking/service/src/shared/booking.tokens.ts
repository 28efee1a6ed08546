export const BOOKING_SCHEMA = 'booking';
export const BOOKING_POOL = Symbol('BOOKING_POOL');
export const BOOKING_CLOCK = Symbol('BOOKING_CLOCK');
export const MEMBER_FACTS = Symbol('MEMBER_FACTS');
export const LEDGER_CREDITS = Symbol('LEDGER_CREDITS');
export const BOOKING_SAGA = Symbol('BOOKING_SAGA');

/** The service clock: time is an input (tests may pass their own). */
export interface BookingClock {
  now(): Date;
}
