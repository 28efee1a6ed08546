import { Topics, parseCloudEventType } from '@credits/contracts';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { useLocationUnderTest } from './support/location-under-test';
import { readTopicFromStart } from './support/raw-topic-reader';
import { paymentSucceeded, sendWebhook } from './support/stripe-webhook';
import { eventually, spawnApp, stopApp, tokenFor, waitUntilReady } from './support/system-under-test';

const HOUR = 3_600_000;
/** Short, so the test of a payment that never arrives ends soon; long enough for the webhooks sent at once. */
const PAYMENT_TIMEOUT_MS = 15_000;

/**
 * Card and split bookings end to end (R16, R9): the services as separate processes on real
 * PostgreSQL, Kafka and stripe-mock. Booking holds the credits part, asks payments for the card part
 * (awaiting_payment), and confirms when payments' PaymentSucceeded arrives over Kafka after the
 * signed webhook; cancellation refunds credits through the ledger and money by card.
 */
describe('booking by card and split', () => {
  const sut = useLocationUnderTest('e2e-booking-card', ['bob'], { booking: { BOOKING_PAYMENT_TIMEOUT_MS: String(PAYMENT_TIMEOUT_MS) } });
  const { api, at, alice } = sut;
  let room: string;
  const bob = tokenFor('bob'); // member
  const mallory = tokenFor('mallory'); // not a member
  const book = (token: string, body: Record<string, unknown>) => api('POST', at('/bookings'), { token, body, headers: { 'idempotency-key': randomUUID() } });
  const grant = (amount: string) => api('POST', at('/users/bob/credits/grants'), { token: alice, body: { amount, kind: 'permanent', reason: 'welcome' }, headers: { 'idempotency-key': randomUUID() } });
  const balance = async () => (await api('GET', at('/users/bob/credits'), { token: alice })).body.balance;
  const plus = (credits: string, more: number) => (Math.round(Number(credits) * 100 + more * 100) / 100).toFixed(2);
  const hoursFromNow = (hours: number) => new Date(Math.ceil(Date.now() / HOUR) * HOUR + hours * HOUR).toISOString();
  const slot = (startHours: number) => ({ start: hoursFromNow(startHours), end: hoursFromNow(startHours + 2) });
  const bookingOf = async (id: string, token = bob) => (await api('GET', at(`/bookings/${id}`), { token })).body;
  const payment = async (bookingId: string) => {
    const page = await api('GET', at('/payments'), { token: alice });
    return page.body.items.find((p: { purpose: { id: string } }) => p.purpose.id === bookingId);
  };
  const pay = async (paymentIntentId: string, amount: number) => {
    expect((await sendWebhook(api, paymentSucceeded(paymentIntentId, amount))).status).toBe(200);
  };
  /** bob books the room for 2 hours (4.00 credits, 20.00 EUR) with split: 3.00 credits (his balance, or maxCredits), the rest (5.00 EUR) by card; then pays. */
  const splitBooking = async (startHours: number, payment: Record<string, unknown>) => {
    const before = await balance();
    await grant('1.00');
    await grant('2.00');
    expect(await balance()).toBe(plus(before, 3));
    const lots = (await api('GET', at('/users/bob/credits'), { token: bob })).body.lots;
    const placed = await book(bob, { resourceId: room, ...slot(startHours), payment });
    expect(placed.status).toBe(201);
    expect(placed.body).toMatchObject({ status: 'awaiting_payment', paymentMethod: 'split', charged: { credits: '3.00', money: { amount: 500, currency: 'EUR' } } });
    expect(placed.body.payment.paymentIntentId).toMatch(/^pi_/);
    expect(typeof placed.body.payment.clientSecret).toBe('string');
    // The credits are held while the card is paid.
    expect(await balance()).toBe(before);
    // One booking shows its payment as the booking answer did; the client secret to the booker only.
    expect(await bookingOf(placed.body.id)).toEqual(placed.body);
    expect(placed.body.payment).toEqual({ paymentId: expect.any(String), paymentIntentId: expect.stringMatching(/^pi_/), status: 'pending', clientSecret: expect.any(String) });
    expect((await bookingOf(placed.body.id, alice)).payment).toEqual({ paymentId: placed.body.payment.paymentId, paymentIntentId: placed.body.payment.paymentIntentId, status: 'pending' });
    await pay(placed.body.payment.paymentIntentId, 500);
    const confirmed = await eventually(() => bookingOf(placed.body.id), (b) => b.status === 'confirmed');
    expect(confirmed.status).toBe('confirmed');
    expect(confirmed.payment).toEqual({ paymentId: placed.body.payment.paymentId, paymentIntentId: placed.body.payment.paymentIntentId, status: 'succeeded' });
    expect(await balance()).toBe(before);
    return { id: placed.body.id as string, before, lots };
  };

  beforeAll(async () => {
    const created = await api('POST', at('/resources'), {
      token: alice,
      body: {
        type: 'room',
        name: 'Room Berlin',
        unit: 'hour',
        prices: { credits: '2.00', money: { amount: 1000, currency: 'EUR' } },
        refundPolicy: { fullRefundUntilHoursBefore: 24, partialRefundUntilHoursBefore: 2, partialRefundPercent: 50 },
      },
    });
    expect(created.status).toBe(201);
    room = created.body.id;
  });

  /** Kills the booking process (SIGKILL: no shutdown, in the middle of whatever it does) and starts it again with its own environment. */
  const crashAndRestartBooking = async (whileDown: () => Promise<void>) => {
    const index = sut.system.services.findIndex((service) => service.name === 'booking');
    const crashed = sut.system.services[index];
    const environ = readFileSync(`/proc/${crashed.child.pid}/environ`, 'utf8').split('\0').filter(Boolean);
    const env = Object.fromEntries(environ.map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
    crashed.child.kill('SIGKILL');
    expect(await stopApp(crashed)).toBeNull();
    await whileDown();
    sut.system.services[index] = spawnApp('booking', env);
    await waitUntilReady(sut.system.bookingUrl, sut.system.services);
  };

  it('split with 3.00 credits for a 4.00 room: the 3.00 credits captured and the rest by card -> confirmed; cancelled 30 h before -> all credits back and the card part refunded; a second cancel changes nothing', async () => {
    const { id, before, lots } = await splitBooking(31, { method: 'split' });
    const cancelled = await api('POST', at(`/bookings/${id}/cancel`), { token: bob });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toEqual({ id, status: 'cancelled', refund: { credits: '3.00', money: { amount: 500, currency: 'EUR' } } });
    expect(await balance()).toBe(plus(before, 3));
    // Back into the lots the credits came from (1.00 and 2.00), not a new lot.
    expect((await api('GET', at('/users/bob/credits'), { token: bob })).body.lots).toEqual(lots);
    expect(await payment(id)).toMatchObject({ status: 'succeeded', amount: { amount: 500 }, refundable: { amount: 0 } });
    expect((await bookingOf(id)).payment.status).toBe('refunded');
    const again = await api('POST', at(`/bookings/${id}/cancel`), { token: bob });
    expect(again.body).toEqual(cancelled.body);
    expect(await balance()).toBe(plus(before, 3));
    expect((await payment(id)).refundable.amount).toBe(0);
    // Its public events carry the payment split.
    const seen = await readTopicFromStart(`${sut.system.namespace}${Topics.booking}`, (messages) => messages.some((m) => parseCloudEventType(m.headers.ce_type).type === 'BookingCancelled' && JSON.parse(m.value).bookingId === id));
    const confirmed = seen.find((m) => parseCloudEventType(m.headers.ce_type).type === 'BookingConfirmed' && JSON.parse(m.value).bookingId === id);
    expect(JSON.parse(confirmed!.value).payment).toMatchObject({ method: 'split', credits: 300, money: { amount: 500, currency: 'EUR' } });
  });

  it('split cancelled inside the partial window (50% until 2 h before) -> half the credits and half the card part back', async () => {
    const { id, before } = await splitBooking(10, { method: 'split', maxCredits: '3.00' });
    const cancelled = await api('POST', at(`/bookings/${id}/cancel`), { token: bob });
    expect(cancelled.body).toEqual({ id, status: 'cancelled', refund: { credits: '1.50', money: { amount: 250, currency: 'EUR' } } });
    expect(await balance()).toBe(plus(before, 1.5));
    expect((await payment(id)).refundable.amount).toBe(250);
  });

  it('a card refund payments refuses (an admin refunded the card part already) is recorded, not retried: cancelled with the credits back and the card never refunded twice', async () => {
    const { id, before } = await splitBooking(40, { method: 'split', maxCredits: '3.00' });
    const paid = await payment(id);
    const byAdmin = await api('POST', at(`/payments/${paid.id}/refunds`), { token: alice, body: { amount: { amount: 500, currency: 'EUR' }, method: 'card', reason: 'goodwill' }, headers: { 'idempotency-key': randomUUID() } });
    expect(byAdmin.status).toBe(201);
    const cancelled = await api('POST', at(`/bookings/${id}/cancel`), { token: bob });
    expect(cancelled.status).toBe(200);
    // Only what went back: the credits; payments refused the card part (nothing refundable left).
    expect(cancelled.body).toEqual({ id, status: 'cancelled', refund: { credits: '3.00', money: { amount: 0, currency: 'EUR' } } });
    expect(await balance()).toBe(plus(before, 3));
    expect((await payment(id)).refundable.amount).toBe(0);
    expect((await api('POST', at(`/bookings/${id}/cancel`), { token: bob })).body).toEqual(cancelled.body);
    // The booking says which part was refused and why, for the person who settles it.
    const view = (await api('GET', at(`/bookings/${id}`), { token: alice })).body;
    expect(view.refundIssues).toEqual([{ part: 'money', reason: expect.stringMatching(/^payments refused the card refund: .*refundable/) }]);
  });

  it('a non-member buys an event ticket by card: awaiting_payment, then confirmed by the signed webhook', async () => {
    const event = await api('POST', at('/resources'), {
      token: alice,
      body: { type: 'event', name: 'Meetup', unit: 'ticket', prices: { credits: '1.00', money: { amount: 1500, currency: 'EUR' } }, capacity: 10, startsAt: hoursFromNow(48), endsAt: hoursFromNow(50), refundPolicy: { fullRefundUntilHoursBefore: 24 } },
    });
    const placed = await book(mallory, { resourceId: event.body.id, quantity: 1, payment: { method: 'card' } });
    expect(placed.status).toBe(201);
    expect(placed.body).toMatchObject({ status: 'awaiting_payment', charged: { credits: '0.00', money: { amount: 1500, currency: 'EUR' } } });
    await pay(placed.body.payment.paymentIntentId, 1500);
    expect((await eventually(() => bookingOf(placed.body.id, mallory), (b) => b.status === 'confirmed')).status).toBe('confirmed');
  });

  it('a crash between the hold and the capture: the payment arrives while booking is down; after the restart it completes once (or, past the timeout, its hold is released and the card refunded); balances agree with the ledger', async () => {
    const before = await balance();
    await grant('3.00');
    const placed = await book(bob, { resourceId: room, ...slot(80), payment: { method: 'split', maxCredits: '3.00' } });
    expect(placed.body).toMatchObject({ status: 'awaiting_payment', charged: { credits: '3.00', money: { amount: 500 } } });
    await crashAndRestartBooking(() => pay(placed.body.payment.paymentIntentId, 500));
    const settled = await eventually(
      async () => ({ booking: await bookingOf(placed.body.id), payment: await payment(placed.body.id), balance: await balance() }),
      ({ booking, payment: paid, balance: now }) => booking.status === 'confirmed' || (booking.status === 'failed' && paid?.refundable.amount === 0 && now === plus(before, 3)),
    );
    const history = (await api('GET', at('/users/bob/credits/transactions?limit=100'), { token: bob })).body;
    const ofBooking = (history.items as Array<{ type: string; data: { purpose?: { reference: string } } }>).filter((entry) => entry.data.purpose?.reference === placed.body.id).map((entry) => entry.type);
    if (settled.booking.status === 'confirmed') {
      // Paid and delivered once: 3.00 captured, the card part kept.
      expect(settled.balance).toBe(before);
      expect(ofBooking.sort()).toEqual(['CreditsHeld', 'CreditsHoldCaptured']);
      expect(settled.payment.refundable.amount).toBe(500);
    } else {
      // Not delivered: the credits released and the card part refunded.
      expect(settled.balance).toBe(plus(before, 3));
      expect(ofBooking.sort()).toEqual(['CreditsHeld', 'CreditsHoldReleased']);
      expect(settled.payment.refundable.amount).toBe(0);
    }
  });

  it('a card payment that never arrives: after the timeout the hold is released and the slot is free again', async () => {
    const before = await balance();
    await grant('3.00');
    const placed = await book(bob, { resourceId: room, ...slot(60), payment: { method: 'split', maxCredits: '3.00' } });
    expect(placed.body.status).toBe('awaiting_payment');
    expect(await balance()).toBe(before);
    const failed = await eventually(() => bookingOf(placed.body.id), (b) => b.status === 'failed');
    expect(failed.status).toBe('failed');
    expect(await eventually(balance, (b) => b === plus(before, 3))).toBe(plus(before, 3));
    // The slot is free: the same room and hours can be booked again (by card this time).
    const again = await book(bob, { resourceId: room, ...slot(60), payment: { method: 'card' } });
    expect(again.status).toBe(201);
    expect(again.body.status).toBe('awaiting_payment');
  });
});
