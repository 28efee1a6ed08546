import type { CompanyFactsView, MemberFactsResponse, PlanTerms } from '@credits/contracts/http';
import type { BookingCommand, PlaceBooking } from '../booking.commands';
import { deciderSpec } from '@credits/decider-testing';
import { decide } from '../booking.decider';
import type { BookingDomainEvent } from '../booking.events';
import type { BookingRejection } from '../booking.rejections';
import { evolve, type BookingState } from '../booking.state';
import type { Resource } from '../resource';

/** Test-only helpers: `given(events).when(command).then(events | rejection)`. */

export const BOOKING = 'booking-1';
export const LOCATION = 'loc-1';
/** Monday 1 June 2026, 08:00 in Berlin (UTC+2). */
export const NOW = '2026-06-01T06:00:00.000Z';
export const LATER = '2026-06-01T06:00:05.000Z';

export const plan = (terms: Partial<PlanTerms> = {}): PlanTerms => ({ planId: 'plan-1', creditOptionDiscountPercent: 0, resourceDiscountPercent: 0, billPaymentEnabled: false, ...terms });

export const company = (view: Partial<CompanyFactsView> = {}): CompanyFactsView => ({
  exists: true,
  archived: false,
  isMember: true,
  isManager: false,
  mayUseCorporateCard: false,
  plan: null,
  ...view,
});

/** An active member of an EUR location in Berlin with credits on, on no plan. */
export const facts = (overrides: Partial<MemberFactsResponse> = {}): MemberFactsResponse => ({
  locationExists: true,
  currency: 'EUR',
  timezone: 'Europe/Berlin',
  creditsEnabled: true,
  discountAppliesToCredits: false,
  member: { role: 'member' },
  plan: null,
  ...overrides,
});

/** A room at 2.00 credits or EUR 10.00 an hour, open 08:00-20:00; full refund until 24 h, 50% until 2 h before. */
export const room = (overrides: Partial<Resource> = {}): Resource => ({
  resourceId: 'room-1',
  locationId: LOCATION,
  type: 'room',
  name: 'Room Berlin',
  status: 'active',
  moneyPrice: { amount: 1000, currency: 'EUR' },
  creditPrice: 200,
  capacity: 6,
  startsAt: null,
  endsAt: null,
  stock: null,
  openingHours: { opens: '08:00', closes: '20:00' },
  minDurationMinutes: 30,
  maxDurationMinutes: 480,
  refundPolicy: { fullRefundUntilHoursBefore: 24, partialRefundUntilHoursBefore: 2, partialRefundPercent: 50 },
  ...overrides,
});

/** Bob books the room on 3 June 2026 10:00-12:00 Berlin time with his own credits, unless told otherwise. */
export function place(overrides: Partial<Omit<PlaceBooking, 'type'>> = {}): PlaceBooking {
  return {
    type: 'PlaceBooking',
    bookingId: BOOKING,
    now: NOW,
    locationId: LOCATION,
    userId: 'bob',
    kind: 'booking',
    resource: room(),
    facts: facts(),
    target: { start: '2026-06-03T08:00:00.000Z', end: '2026-06-03T10:00:00.000Z' },
    payment: { method: 'personal-credits' },
    ...overrides,
  };
}

/** The events `command` gives on no booking (it must be accepted). */
export function eventsOf(command: PlaceBooking): readonly BookingDomainEvent[] {
  const result = decide(command, null);
  if (!result.ok) throw new Error(`expected events, got ${JSON.stringify(result.rejection)}`);
  return result.events;
}

export const given = deciderSpec<BookingCommand, BookingDomainEvent, BookingState, BookingRejection>({
  decide,
  evolve,
  replay: (history) => history.reduce<BookingState>(evolve, null),
});
