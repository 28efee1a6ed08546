import { Topics, parseCloudEventType, validateEventData } from '@credits/contracts';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { planRequest } from './support/plan-request';
import { readTopicFromStart } from './support/raw-topic-reader';
import { useLocationUnderTest } from './support/location-under-test';
import { eventually, serviceToken, tokenFor, type ApiResponse } from './support/system-under-test';

const PROBLEM = 'https://credits.example/problems/';
const HOUR = 3_600_000;

/**
 * Booking paid with credits end to end (R2, R9, R16): the services as separate processes on real
 * PostgreSQL and Kafka. Booking asks membership who the caller is, holds and captures the credits
 * through the ledger's internal API, and the database refuses double bookings.
 */
describe('booking with credits', () => {
  const sut = useLocationUnderTest('e2e-booking', ['bob', 'carol', 'dave', 'erin']);
  const { api, at, alice } = sut;
  let acme: string;
  let room: string;
  const bob = tokenFor('bob'); // member on a plan with 20% off resources
  const carol = tokenFor('carol'); // member of Acme
  const dave = tokenFor('dave'); // member, books under load
  const erin = tokenFor('erin'); // member, not of Acme
  const mallory = tokenFor('mallory'); // not a member
  const problemType = (response: ApiResponse) => String(response.body.type).replace(PROBLEM, '');
  const book = (token: string, body: Record<string, unknown>, key = randomUUID()) => api('POST', at('/bookings'), { token, body, headers: { 'idempotency-key': key } });
  const grant = (wallet: string, amount: string) =>
    api('POST', at(`${wallet}/credits/grants`), { token: alice, body: { amount, kind: 'permanent', reason: 'welcome' }, headers: { 'idempotency-key': randomUUID() } });
  const balance = async (wallet: string) => (await api('GET', at(`${wallet}/credits`), { token: alice })).body.balance;
  // Whole hours, days ahead, so every slot is in the future and inside no opening hours.
  const hoursFromNow = (hours: number) => new Date(Math.ceil(Date.now() / HOUR) * HOUR + hours * HOUR).toISOString();
  const slot = (startHours: number, length = 2) => ({ start: hoursFromNow(startHours), end: hoursFromNow(startHours + length) });
  const createResource = async (body: Record<string, unknown>) => {
    const created = await api('POST', at('/resources'), { token: alice, body: { refundPolicy: { fullRefundUntilHoursBefore: 24, partialRefundUntilHoursBefore: 2, partialRefundPercent: 50 }, ...body } });
    expect(created.status).toBe(201);
    return created.body.id as string;
  };

  beforeAll(async () => {
    acme = (await api('POST', at('/companies'), { token: alice, body: { name: 'Acme' } })).body.id;
    await api('POST', at(`/companies/${acme}/members`), { token: alice, body: { userId: 'carol' } });
    const plan = await api('POST', at('/plans'), { token: alice, body: planRequest({ allowance: '0', resourceDiscountPercent: 20 }) });
    expect((await api('POST', at('/plan-assignments'), { token: alice, body: { holder: { type: 'user', id: 'bob' }, planId: plan.body.id } })).status).toBe(201);
    room = await createResource({ type: 'room', name: 'Room Berlin', unit: 'hour', prices: { credits: '2.00', money: { amount: 1000, currency: 'EUR' } }, capacity: 6 });
  });

  it('lets admins create, edit, list and archive resources; refuses bad ones field by field', async () => {
    expect((await api('POST', at('/resources'), { token: bob, body: { type: 'desk', name: 'x', unit: 'day', prices: { credits: '1' }, capacity: 1, refundPolicy: { fullRefundUntilHoursBefore: 1 } } })).status).toBe(403);
    const bad = await api('POST', at('/resources'), { token: alice, body: { type: 'desk', name: 'x', unit: 'hour', prices: { money: { amount: 100, currency: 'USD' } }, refundPolicy: { fullRefundUntilHoursBefore: 1 } } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['capacity', 'prices.money.currency', 'unit']);
    const before1970 = await api('POST', at('/resources'), {
      token: alice,
      body: { type: 'event', name: 'x', unit: 'ticket', prices: { credits: '1' }, capacity: 1, startsAt: '1969-12-31T00:00:00Z', endsAt: '2030-01-01T00:00:00Z', refundPolicy: { fullRefundUntilHoursBefore: 1 } },
    });
    expect(before1970.status).toBe(400);
    expect(before1970.body.errors).toEqual([{ field: 'startsAt', reason: 'must be between 1970 and 9999' }]);
    const old = await createResource({ type: 'product', name: 'Coffee', unit: 'item', prices: { credits: '1.50' }, stock: 3 });
    expect((await api('PATCH', at(`/resources/${old}`), { token: alice, body: { name: 'Espresso' } })).body).toMatchObject({ name: 'Espresso', stock: 3, prices: { credits: '1.50' } });
    expect((await api('POST', at(`/resources/${old}/archive`), { token: alice })).body.status).toBe('archived');
    expect((await api('GET', at('/resources'), { token: bob })).body.map((r: { id: string }) => r.id)).not.toContain(old);
    expect((await api('GET', at(`/resources/${room}`), { token: bob })).body).toMatchObject({ type: 'room', unit: 'hour', prices: { credits: '2.00' } });
    expect((await api('GET', at('/resources'), { token: mallory })).body).toEqual([]);
  });

  it('quotes 10.00 credits with a 20% plan discount as 8.00 with discountAppliesToCredits on, 10.00 off (R2)', async () => {
    const fiveAnHour = await createResource({ type: 'room', name: 'Big room', unit: 'hour', prices: { credits: '5.00', money: { amount: 500, currency: 'EUR' } } });
    const { start, end } = slot(72);
    const quote = async () => (await api('GET', at(`/resources/${fiveAnHour}/quote?start=${encodeURIComponent(start)}&end=${encodeURIComponent(end)}`), { token: bob })).body;
    await api('PATCH', at('/settings'), { token: alice, body: { discountAppliesToCredits: true } });
    expect(await quote()).toEqual({
      listPrice: { credits: '10.00', money: { amount: 1000, currency: 'EUR' } },
      discountPercent: 20,
      price: { credits: '8.00', money: { amount: 800, currency: 'EUR' } },
      paymentMethods: ['personal-credits', 'card', 'split'],
    });
    await api('PATCH', at('/settings'), { token: alice, body: { discountAppliesToCredits: false } });
    expect((await quote()).price).toEqual({ credits: '10.00', money: { amount: 800, currency: 'EUR' } });
    // What is charged is what was quoted.
    await grant('/users/bob', '10.00');
    const booked = await book(bob, { resourceId: fiveAnHour, start, end, payment: { method: 'personal-credits' } });
    expect(booked.status).toBe(201);
    expect(booked.body).toMatchObject({ status: 'confirmed', charged: { credits: '10.00', money: { amount: 0, currency: 'EUR' } } });
    expect(await balance('/users/bob')).toBe('0.00');
  });

  it('books a room with credits: held, captured, confirmed; not enough credits is 409 with the shortfall and holds nothing', async () => {
    await grant('/users/erin', '3.00');
    const short = await book(erin, { resourceId: room, ...slot(50), payment: { method: 'personal-credits' } });
    expect(short.status).toBe(409);
    expect(problemType(short)).toBe('insufficient-credits');
    expect(short.body.shortfall).toBe('1.00');
    expect(await balance('/users/erin')).toBe('3.00');
    // The failed booking freed its slot: someone else can take it.
    await grant('/users/erin', '1.00');
    const key = randomUUID();
    const ok = await book(erin, { resourceId: room, ...slot(50), payment: { method: 'personal-credits' } }, key);
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ status: 'confirmed', resourceType: 'room', charged: { credits: '4.00' }, wallet: { ownerType: 'user', ownerId: 'erin' } });
    const replay = await book(erin, { resourceId: room, ...slot(50), payment: { method: 'personal-credits' } }, key);
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body.id).toBe(ok.body.id);
    expect(await balance('/users/erin')).toBe('0.00');
    expect((await api('GET', at(`/bookings/${ok.body.id}`), { token: erin })).body.status).toBe('confirmed');
    expect((await api('GET', at(`/bookings/${ok.body.id}`), { token: dave })).status).toBe(404);
    expect((await api('GET', at('/bookings'), { token: alice })).body.map((b: { id: string }) => b.id)).toContain(ok.body.id);
  });

  it('lets 50 concurrent bookings of one slot make exactly one booking; no credits held or lost', async () => {
    await grant('/users/dave', '100.00');
    const target = slot(100);
    const answers = await Promise.all(Array.from({ length: 50 }, () => book(dave, { resourceId: room, ...target, payment: { method: 'personal-credits' } })));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 409 && problemType(a) === 'slot-taken')).toHaveLength(49);
    // A hold left behind would lower the balance too: only the one booking's 4.00 is gone.
    expect(await balance('/users/dave')).toBe('96.00');
    const mine = (await api('GET', at('/bookings'), { token: dave })).body as Array<{ status: string }>;
    expect(mine.map((b) => b.status)).toEqual(['confirmed']);
  });

  it('refunds a cancellation per the policy at that instant, into the original lots; a second cancel changes nothing (R9)', async () => {
    await grant('/users/dave', '8.00');
    const before = await balance('/users/dave');
    const lotsBefore = (await api('GET', at('/users/dave/credits'), { token: dave })).body.lots;
    const full = await book(dave, { resourceId: room, ...slot(30), payment: { method: 'personal-credits' } });
    expect(full.status).toBe(201);
    const cancelled = await api('POST', at(`/bookings/${full.body.id}/cancel`), { token: dave });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toEqual({ id: full.body.id, status: 'cancelled', refund: { credits: '4.00', money: { amount: 0, currency: 'EUR' } } });
    expect(await balance('/users/dave')).toBe(before);
    // Back into the lots the credits came from, not a new lot.
    expect((await api('GET', at('/users/dave/credits'), { token: dave })).body.lots).toEqual(lotsBefore);
    const again = await api('POST', at(`/bookings/${full.body.id}/cancel`), { token: dave });
    expect(again.body).toEqual(cancelled.body);
    expect(await balance('/users/dave')).toBe(before);
    // Inside the partial window (less than 24 h, more than 2 h before the start): 50%.
    const partial = await book(dave, { resourceId: room, ...slot(5), payment: { method: 'personal-credits' } });
    expect(partial.status).toBe(201);
    const half = await api('POST', at(`/bookings/${partial.body.id}/cancel`), { token: alice });
    expect(half.body.refund.credits).toBe('2.00');
    const lots = (await api('GET', at('/users/dave/credits'), { token: dave })).body;
    expect(lots.balance).toBe(`${Number(before.split('.')[0]) - 2}.00`);
  });

  it('lets members of a company pay with its credits, nobody else', async () => {
    await grant(`/companies/${acme}`, '10.00');
    const byCarol = await book(carol, { resourceId: room, ...slot(120), payment: { method: 'company-credits', companyId: acme } });
    expect(byCarol.status).toBe(201);
    expect(byCarol.body.wallet).toEqual({ ownerType: 'company', ownerId: acme });
    const byErin = await book(erin, { resourceId: room, ...slot(124), payment: { method: 'company-credits', companyId: acme } });
    expect(byErin.status).toBe(403);
    expect(problemType(byErin)).toBe('not-in-company');
    expect(await balance(`/companies/${acme}`)).toBe('6.00');
  });

  it('sells one day pass per user per day: a second check-in is 409', async () => {
    const desk = await createResource({ type: 'desk', name: 'Hot desk', unit: 'day', prices: { credits: '1.00' }, capacity: 5 });
    await grant('/users/carol', '5.00');
    const date = hoursFromNow(48).slice(0, 10);
    const checkIn = () => api('POST', at('/check-ins'), { token: carol, body: { resourceId: desk, date, payment: { method: 'personal-credits' } }, headers: { 'idempotency-key': randomUUID() } });
    const first = await checkIn();
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ kind: 'check-in', date, status: 'confirmed', charged: { credits: '1.00' } });
    const second = await checkIn();
    expect(second.status).toBe(409);
    expect(problemType(second)).toBe('day-pass-exists');
    expect(await balance('/users/carol')).toBe('4.00');
  });

  it('lets people outside the location see events and pay money only, never credits (R16)', async () => {
    const event = await createResource({
      type: 'event',
      name: 'Meetup',
      unit: 'ticket',
      prices: { credits: '3.00', money: { amount: 1500, currency: 'EUR' } },
      capacity: 20,
      startsAt: hoursFromNow(200),
      endsAt: hoursFromNow(203),
    });
    expect((await api('GET', at(`/resources/${event}/quote?quantity=2`), { token: mallory })).body).toMatchObject({ price: { money: { amount: 3000, currency: 'EUR' } }, paymentMethods: ['card'] });
    const refused = await book(mallory, { resourceId: event, quantity: 1, payment: { method: 'personal-credits' } });
    expect(refused.status).toBe(403);
    expect(problemType(refused)).toBe('credits-for-members-only');
    expect((await book(mallory, { resourceId: room, ...slot(300), payment: { method: 'personal-credits' } })).status).toBe(404);
  });

  it('resumes a booking a crash left between the hold and the capture: it completes once and the ledger agrees', async () => {
    await grant('/users/bob', '4.00');
    const before = await balance('/users/bob');
    const bookingId = randomUUID();
    const { start, end } = slot(160);
    const createdAt = new Date().toISOString();
    // The state booking had stored when it "crashed": the booking placed (its slot taken) and the credits
    // held in the ledger with the booking's own key, the hold's answer never recorded.
    const state = {
      bookingId, locationId: sut.locationId, resourceId: room, resourceType: 'room', resourceName: 'Room Berlin', kind: 'booking', userId: 'bob', start, end, date: null, quantity: 1,
      policyStart: start, refundPolicy: { fullRefundUntilHoursBefore: 24, partialRefundUntilHoursBefore: 2, partialRefundPercent: 50 }, method: 'personal-credits',
      wallet: { type: 'user', id: 'bob' }, credits: 400, money: { amount: 0, currency: 'EUR' }, status: 'pending', holdId: null, failureReason: null, shortfall: null,
      refundPercent: null, refundCredits: null, refundMoney: null, createdAt, confirmedAt: null, cancelledAt: null, cancelledBy: null,
    };
    const db = new Client({ connectionString: sut.system.databaseUrl });
    await db.connect();
    try {
      await db.query(
        `INSERT INTO booking.bookings (id, location_id, resource_id, user_id, status, during, day, quantity, state, created_at, updated_at)
         VALUES ($1, $2, $3, 'bob', 'pending', tstzrange($4, $5, '[)'), NULL, 1, $6, now(), now() - interval '1 hour')`,
        [bookingId, sut.locationId, room, start, end, JSON.stringify(state)],
      );
    } finally {
      await db.end();
    }
    const wallet = encodeURIComponent(`wallet:${sut.locationId}:user:bob`);
    const hold = await fetch(`${sut.system.ledgerUrl}/internal/v1/wallets/${wallet}/holds`, {
      method: 'POST',
      headers: { authorization: `Bearer ${serviceToken('ledger')}`, 'content-type': 'application/json', 'idempotency-key': `booking:${bookingId}:hold` },
      body: JSON.stringify({
        amount: '4.00',
        purpose: { resourceType: 'room', reference: bookingId },
        reason: `Room Berlin: booking ${bookingId}`,
        expiresAt: new Date(Date.parse(createdAt) + 15 * 60_000).toISOString(),
      }),
    });
    expect(hold.status).toBe(201);
    // The slot is the crashed booking's: nobody else gets it meanwhile.
    expect(problemType(await book(dave, { resourceId: room, start, end, payment: { method: 'personal-credits' } }))).toBe('slot-taken');

    const resumed = await eventually(
      () => api('GET', at(`/bookings/${bookingId}`), { token: bob }),
      (reply) => reply.body.status === 'confirmed',
    );
    expect(resumed.body).toMatchObject({ status: 'confirmed', charged: { credits: '4.00' } });
    // The replayed hold took nothing more: exactly 4.00 left the wallet, captured once.
    expect(await balance('/users/bob')).toBe(`${Number(before.split('.')[0]) - 4}.00`);
    const history = (await api('GET', at('/users/bob/credits/transactions?limit=100'), { token: bob })).body;
    const ofBooking = (history.items as Array<{ type: string; data: { purpose?: { reference: string }; holdId?: string } }>).filter(
      (entry) => entry.data.purpose?.reference === bookingId,
    );
    expect(ofBooking.map((entry) => entry.type).sort()).toEqual(['CreditsHeld', 'CreditsHoldCaptured']);
  });

  it('refunds an order in full until an admin fulfills it; a fulfilled order cannot be cancelled and its stock stays sold (R9)', async () => {
    const shop = await createResource({ type: 'product', name: 'Notebook', unit: 'item', prices: { credits: '1.50' }, stock: 3, refundPolicy: { fullRefundUntilHoursBefore: 0 } });
    await grant('/users/erin', '10.00');
    const order = (quantity: number) => book(erin, { resourceId: shop, quantity, payment: { method: 'personal-credits' } });
    const first = await order(1);
    expect(first.status).toBe(201);
    const cancelled = await api('POST', at(`/bookings/${first.body.id}/cancel`), { token: erin });
    expect(cancelled.body).toEqual({ id: first.body.id, status: 'cancelled', refund: { credits: '1.50', money: { amount: 0, currency: 'EUR' } } });
    const all = await order(3);
    expect(all.status).toBe(201);
    expect(all.body).toMatchObject({ status: 'confirmed', charged: { credits: '4.50' }, fulfilledAt: null, refundIssues: [] });
    expect(problemType(await order(1))).toBe('sold-out');

    expect((await api('POST', at(`/bookings/${all.body.id}/fulfill`), { token: erin })).status).toBe(403);
    const fulfilled = await api('POST', at(`/bookings/${all.body.id}/fulfill`), { token: alice });
    expect(fulfilled.status).toBe(200);
    expect(fulfilled.body).toMatchObject({ id: all.body.id, status: 'confirmed', fulfilledAt: expect.any(String) });
    const again = await api('POST', at(`/bookings/${all.body.id}/fulfill`), { token: alice });
    expect(again.body.fulfilledAt).toBe(fulfilled.body.fulfilledAt);

    const refused = await api('POST', at(`/bookings/${all.body.id}/cancel`), { token: erin });
    expect(refused.status).toBe(409);
    expect(problemType(refused)).toBe('order-fulfilled');
    expect(await balance('/users/erin')).toBe('5.50');
    expect(problemType(await order(1))).toBe('sold-out');
    expect((await api('GET', at(`/bookings/${all.body.id}`), { token: erin })).body.fulfilledAt).toBe(fulfilled.body.fulfilledAt);
    const notAnOrder = await book(erin, { resourceId: room, ...slot(200), payment: { method: 'personal-credits' } });
    expect(problemType(await api('POST', at(`/bookings/${notAnOrder.body.id}/fulfill`), { token: alice }))).toBe('not-an-order');
  });

  it('publishes what happened on credits.booking.v1 as CloudEvents keyed by booking id, valid against their schemas, with the payment split', async () => {
    const expected = ['BookingConfirmed', 'BookingCancelled', 'CheckInRecorded', 'OrderPlaced', 'OrderCancelled', 'OrderFulfilled'];
    const typeOf = (m: { headers: Record<string, string> }) => parseCloudEventType(m.headers.ce_type).type;
    const seen = await readTopicFromStart(
      `${sut.system.namespace}${Topics.booking}`,
      (messages) => expected.every((type) => messages.some((m) => typeOf(m) === type)) && messages.filter((m) => typeOf(m).endsWith('Cancelled')).length >= 3,
    );
    for (const message of seen) {
      const { type, version } = parseCloudEventType(message.headers.ce_type);
      const data = JSON.parse(message.value);
      expect(validateEventData(type, version, data)).toEqual([]);
      expect(message.key).toBe(data.bookingId);
      expect(message.headers.ce_source).toBe('/credits/booking');
    }
    const checkIn = JSON.parse(seen.find((m) => typeOf(m) === 'CheckInRecorded')!.value);
    expect(checkIn).toMatchObject({ resourceType: 'desk', userId: 'carol', payment: { method: 'personal-credits', wallet: { type: 'user', id: 'carol' }, credits: 100, money: { amount: 0 } } });
    const cancelled = seen.map((m) => JSON.parse(m.value)).filter((d) => d.refundPercent !== undefined);
    expect(cancelled.map((d) => d.refundPercent).sort((a, b) => a - b)).toEqual([50, 100, 100]);
    const fulfilled = JSON.parse(seen.find((m) => typeOf(m) === 'OrderFulfilled')!.value);
    expect(fulfilled).toMatchObject({ resourceType: 'product', userId: 'erin', quantity: 3, actor: { type: 'user', id: 'alice' } });
  });
});
