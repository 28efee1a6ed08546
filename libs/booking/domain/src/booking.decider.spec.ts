import type { BookingDomainEvent } from './booking.events';
import { confirmedEvent, cancelledEvent, fulfilledEvent } from './booking.published';
import { BOOKING, LATER, NOW, company, eventsOf, facts, given, place, plan, room } from './testing/given-when-then.test-kit';

const placed = (overrides: Parameters<typeof place>[0] = {}) => eventsOf(place(overrides))[0];
const held: BookingDomainEvent = { type: 'CreditsHeld', data: { holdId: 'hold-1', occurredAt: LATER } };
const confirmed: BookingDomainEvent = { type: 'BookingConfirmed', data: { occurredAt: LATER } };
const cancelAt = (now: string) => ({ type: 'CancelBooking', bookingId: BOOKING, now, actorId: 'bob' }) as const;

describe('PlaceBooking: who may book what (R1, R16)', () => {
  it('places a member’s room booking for the whole credit price, pending its hold', () => {
    const [event] = eventsOf(place());
    expect(event).toMatchObject({ type: 'BookingPlaced', data: { credits: 400, money: { amount: 0, currency: 'EUR' }, wallet: { type: 'user', id: 'bob' }, start: '2026-06-03T08:00:00.000Z' } });
    expect(given(event).state).toMatchObject({ status: 'pending', holdId: null });
  });

  it('hides the location from strangers, except for event tickets, which they may buy by card only', () => {
    given().when(place({ facts: facts({ member: null }) })).then({ type: 'location-not-found' });
    given().when(place({ facts: facts({ locationExists: false, member: null }) })).then({ type: 'location-not-found' });
    const event = room({ type: 'event', startsAt: '2026-06-10T18:00:00.000Z', endsAt: '2026-06-10T20:00:00.000Z', capacity: 50 });
    given().when(place({ resource: event, target: {}, facts: facts({ member: null }) })).then({ type: 'credits-for-members-only' });
    const [ticket] = eventsOf(place({ resource: event, target: { quantity: 2 }, facts: facts({ member: null }), payment: { method: 'card' } }));
    expect(ticket.data).toMatchObject({ credits: 0, money: { amount: 2000, currency: 'EUR' }, quantity: 2, wallet: null });
  });

  it('lets members of a company pay with its credits, nobody else', () => {
    const payment = { method: 'company-credits', companyId: 'acme' } as const;
    expect(placed({ payment, facts: facts({ company: company() }) }).data).toMatchObject({ wallet: { type: 'company', id: 'acme' }, credits: 400 });
    given().when(place({ payment, facts: facts({ company: company({ isMember: false }) }) })).then({ type: 'not-in-company' });
    given().when(place({ payment, facts: facts({ company: company({ archived: true }) }) })).then({ type: 'not-in-company' });
    given().when(place({ payment, facts: facts() })).then({ type: 'not-in-company' });
    given().when(place({ payment: { method: 'company-credits' } })).then({ type: 'invalid-target', field: 'payment.companyId' });
  });

  it('refuses credits when they are off, and archived or missing resources', () => {
    given().when(place({ facts: facts({ creditsEnabled: false }) })).then({ type: 'credits-disabled' });
    given().when(place({ resource: room({ status: 'archived' }) })).then({ type: 'resource-archived' });
    given().when(place({ resource: null })).then({ type: 'resource-not-found' });
    given().when(place({ resource: room({ creditPrice: null }) })).then({ type: 'method-not-offered' });
  });

  it('checks the target: opening hours, durations, the past; check-ins are for desks', () => {
    given().when(place({ target: { start: '2026-06-03T05:00:00.000Z', end: '2026-06-03T07:00:00.000Z' } })).then({ type: 'invalid-target', field: 'start' });
    given().when(place({ target: { start: '2026-06-03T08:00:00.000Z', end: '2026-06-03T08:15:00.000Z' } })).then({ type: 'invalid-target', field: 'end' });
    given().when(place({ target: { start: '2026-05-31T08:00:00.000Z', end: '2026-05-31T10:00:00.000Z' } })).then({ type: 'invalid-target', field: 'start' });
    given().when(place({ target: { start: '2026-06-03T08:00:00.000Z' } })).then({ type: 'invalid-target', field: 'end' });
    given().when(place({ kind: 'check-in', target: { date: '2026-06-03' } })).then({ type: 'not-a-desk' });
  });

  it('books a desk day from local midnight to midnight', () => {
    const desk = room({ type: 'desk', openingHours: null, creditPrice: 500, capacity: 10 });
    expect(placed({ resource: desk, kind: 'check-in', target: { date: '2026-06-03' } }).data).toMatchObject({
      date: '2026-06-03',
      start: '2026-06-02T22:00:00.000Z',
      end: '2026-06-03T22:00:00.000Z',
      credits: 500,
      kind: 'check-in',
    });
  });

  it('confirms at once what costs nothing (a 100% discount on credits)', () => {
    const free = facts({ plan: plan({ resourceDiscountPercent: 100 }), discountAppliesToCredits: true });
    expect(eventsOf(place({ facts: free })).map((e) => e.type)).toEqual(['BookingPlaced', 'BookingConfirmed']);
  });

  it('never places the same booking twice', () => {
    given(placed()).when(place()).then({ type: 'booking-exists' });
  });
});

describe('the saga: hold, capture, confirm; every step safe to repeat', () => {
  it('holds, then confirms on capture', () => {
    given(placed()).when({ type: 'RecordCreditsHeld', bookingId: BOOKING, now: LATER, holdId: 'hold-1' }).then([held]);
    const state = given(placed(), held).when({ type: 'RecordCaptured', bookingId: BOOKING, now: LATER }).then([confirmed]);
    expect(state).toMatchObject({ status: 'confirmed', holdId: 'hold-1', confirmedAt: LATER });
  });

  it('repeats of a step taken change nothing (recovery after a crash)', () => {
    given(placed(), held).when({ type: 'RecordCreditsHeld', bookingId: BOOKING, now: LATER, holdId: 'hold-1' }).then([]);
    given(placed(), held, confirmed).when({ type: 'RecordCaptured', bookingId: BOOKING, now: LATER }).then([]);
    given(placed(), held, confirmed).when({ type: 'RecordHoldLost', bookingId: BOOKING, now: LATER, reason: 'x' }).then([]);
  });

  it('fails on a refused hold, with the shortfall, and when the hold was lost before capture', () => {
    const state = given(placed()).when({ type: 'RecordHoldRefused', bookingId: BOOKING, now: LATER, reason: 'not enough credits', shortfall: 150 }).then([
      { type: 'BookingFailed', data: { reason: 'not enough credits', shortfall: 150, occurredAt: LATER } },
    ]);
    expect(state).toMatchObject({ status: 'failed', shortfall: 150 });
    given(placed(), held).when({ type: 'RecordHoldLost', bookingId: BOOKING, now: LATER, reason: 'hold expired' }).then([
      { type: 'BookingFailed', data: { reason: 'hold expired', shortfall: null, occurredAt: LATER } },
    ]);
    given(placed()).when({ type: 'RecordCaptured', bookingId: BOOKING, now: LATER }).then({ type: 'wrong-step' });
  });
});

describe('CancelBooking: the policy at the cancellation instant (R9)', () => {
  // The booking starts 2026-06-03T08:00Z: full refund until 24 h before, 50% until 2 h before.
  it('refunds everything 30 hours before', () => {
    given(placed(), held, confirmed).when(cancelAt('2026-06-02T02:00:00.000Z')).then([
      { type: 'CancellationStarted', data: { refundPercent: 100, refundCredits: 400, refundMoney: { amount: 0, currency: 'EUR' }, cancelledBy: 'bob', occurredAt: '2026-06-02T02:00:00.000Z' } },
    ]);
  });

  it('refunds the partial percentage inside the partial window, nothing after', () => {
    given(placed(), held, confirmed).when(cancelAt('2026-06-02T20:00:00.000Z')).then([
      { type: 'CancellationStarted', data: { refundPercent: 50, refundCredits: 200, refundMoney: { amount: 0, currency: 'EUR' }, cancelledBy: 'bob', occurredAt: '2026-06-02T20:00:00.000Z' } },
    ]);
    const late = given(placed(), held, confirmed).when(cancelAt('2026-06-03T07:00:00.000Z')).result;
    expect(late.ok && late.events.map((e) => e.type)).toEqual(['CancellationStarted', 'BookingCancelled']);
  });

  it('a second cancel changes nothing; unconfirmed and failed bookings are not cancelled', () => {
    const started: BookingDomainEvent = { type: 'CancellationStarted', data: { refundPercent: 100, refundCredits: 400, refundMoney: { amount: 0, currency: 'EUR' }, cancelledBy: 'bob', occurredAt: LATER } };
    given(placed(), held, confirmed, started).when(cancelAt(LATER)).then([]);
    given(placed(), held, confirmed, started, { type: 'BookingCancelled', data: { occurredAt: LATER } }).when(cancelAt(LATER)).then([]);
    given(placed()).when(cancelAt(LATER)).then({ type: 'booking-in-progress' });
    given(placed(), { type: 'BookingFailed', data: { reason: 'x', shortfall: 1, occurredAt: LATER } }).when(cancelAt(LATER)).then({ type: 'not-cancellable' });
    given().when(cancelAt(LATER)).then({ type: 'booking-not-found' });
  });
});

describe('FulfillOrder: products are refundable until the order is handed over (R9)', () => {
  const product = room({ type: 'product', openingHours: null, creditPrice: 150, stock: 10, refundPolicy: { fullRefundUntilHoursBefore: 0 } });
  const ordered = placed({ resource: product, target: { quantity: 2 } });
  const fulfillAt = (now: string, actorId = 'alice') => ({ type: 'FulfillOrder', bookingId: BOOKING, now, actorId }) as const;
  const fulfilled: BookingDomainEvent = { type: 'OrderFulfilled', data: { fulfilledBy: 'alice', occurredAt: LATER } };

  it('refunds an unfulfilled order in full, however late', () => {
    given(ordered, held, confirmed).when(cancelAt('2027-01-01T00:00:00.000Z')).then([
      { type: 'CancellationStarted', data: { refundPercent: 100, refundCredits: 300, refundMoney: { amount: 0, currency: 'EUR' }, cancelledBy: 'bob', occurredAt: '2027-01-01T00:00:00.000Z' } },
    ]);
  });

  it('hands a confirmed order over once; after that it cannot be cancelled, so its stock stays sold', () => {
    const state = given(ordered, held, confirmed).when(fulfillAt(LATER)).then([fulfilled]);
    expect(state).toMatchObject({ status: 'confirmed', fulfilled: { at: LATER, by: 'alice' } });
    given(ordered, held, confirmed, fulfilled).when(fulfillAt(NOW, 'carol')).then([]);
    given(ordered, held, confirmed, fulfilled).when(cancelAt(LATER)).then({ type: 'order-fulfilled' });
  });

  it('fulfills only orders of products that are paid and not cancelled', () => {
    given(placed(), held, confirmed).when(fulfillAt(LATER)).then({ type: 'not-an-order' });
    given(ordered, held).when(fulfillAt(LATER)).then({ type: 'booking-in-progress' });
    given(ordered, { type: 'BookingFailed', data: { reason: 'x', shortfall: 1, occurredAt: LATER } }).when(fulfillAt(LATER)).then({ type: 'not-fulfillable' });
    const started: BookingDomainEvent = { type: 'CancellationStarted', data: { refundPercent: 100, refundCredits: 300, refundMoney: { amount: 0, currency: 'EUR' }, cancelledBy: 'bob', occurredAt: LATER } };
    given(ordered, held, confirmed, started).when(fulfillAt(LATER)).then({ type: 'not-fulfillable' });
    given().when(fulfillAt(LATER)).then({ type: 'booking-not-found' });
  });

  it('publishes OrderFulfilled with the admin as its actor', () => {
    const order = given(ordered, held, confirmed, fulfilled).state!;
    expect(fulfilledEvent(order)).toEqual({
      type: 'OrderFulfilled',
      version: 1,
      data: { bookingId: BOOKING, locationId: 'loc-1', resourceId: 'room-1', resourceType: 'product', userId: 'bob', quantity: 2, occurredAt: LATER, actor: { type: 'user', id: 'alice' } },
    });
  });
});

describe('published events carry the payment split', () => {
  it('names what was booked and what each part paid', () => {
    const booking = given(placed(), held, confirmed).state!;
    expect(confirmedEvent(booking)).toMatchObject({ type: 'BookingConfirmed', data: { payment: { method: 'personal-credits', credits: 400, wallet: { type: 'user', id: 'bob' } } } });
    const started: BookingDomainEvent = { type: 'CancellationStarted', data: { refundPercent: 50, refundCredits: 200, refundMoney: { amount: 0, currency: 'EUR' }, cancelledBy: 'bob', occurredAt: NOW } };
    const cancelled = given(placed(), held, confirmed, started, { type: 'BookingCancelled', data: { occurredAt: LATER } }).state!;
    expect(cancelledEvent(cancelled)).toMatchObject({ type: 'BookingCancelled', data: { refund: { credits: 200 }, refundPercent: 50 } });
  });
});
