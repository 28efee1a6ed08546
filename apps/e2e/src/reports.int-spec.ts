import { walletIdFor } from '@credits/contracts';
import { randomUUID } from 'node:crypto';
import { useLocationUnderTest } from './support/location-under-test';
import { planRequest } from './support/plan-request';
import { paymentSucceeded, sendWebhook } from './support/stripe-webhook';
import { apiClient, eventually, serviceToken, tokenFor } from './support/system-under-test';

/** "YYYY-MM" of an instant in Berlin, and the months around it. */
const berlinMonth = (iso: string) => new Date(iso).toLocaleString('sv-SE', { timeZone: 'Europe/Berlin' }).slice(0, 7);
const shift = (month: string, by: number) => {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + by;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
};

/**
 * The monthly reports (R17) against a month built by hand through the public and internal APIs,
 * on the services as separate processes with real PostgreSQL, Kafka and stripe-mock: grants by an
 * admin and a plan, a bill, a free and a card purchase, a deduction, spends and a refund of one
 * through the ledger's internal API, a booking's card payment refunded partly as credits and partly
 * to the card, and the plan's credits expiring at the period end (membership's test clock), next month.
 */
describe('reports: revenue and credits per month', () => {
  const sut = useLocationUnderTest('e2e-reports', ['bob', 'carol', 'erin']);
  const { api, at, alice } = sut;
  let firstMonth: string;
  let periodEnd: string;
  const bob = tokenFor('bob'); // on a plan: 20.00 a month, bills allowed
  const carol = tokenFor('carol'); // no plan, pays by card
  const erin = tokenFor('erin'); // on a plan with 100% off credit options
  const key = () => ({ 'idempotency-key': randomUUID() });
  const report = (kind: 'revenue' | 'credits', from: string, to: string, token = alice) => api('GET', at(`/reports/${kind}?from=${from}&to=${to}`), { token });

  it('answers only admins, after checking who asks, and refuses a bad range with the field and reason', async () => {
    expect((await report('revenue', '2026-01', '2026-02', bob)).status).toBe(403);
    expect((await report('credits', '2026-01', '2026-02', tokenFor('mallory'))).status).toBe(404);
    expect((await api('GET', `/v1/locations/${randomUUID()}/reports/credits?from=2026-01&to=2026-02`, { token: alice })).status).toBe(404);
    // Who asks is checked before the range: a member learns nothing about the range either.
    expect((await report('credits', '2026-05', '2026-01', bob)).status).toBe(403);

    const backwards = await report('credits', '2026-05', '2026-01');
    expect(backwards.status).toBe(400);
    expect(backwards.contentType).toMatch(/^application\/problem\+json/);
    expect(backwards.body.errors).toEqual([{ field: 'to', reason: 'must not be before from (2026-05)' }]);
    const tooLong = await report('revenue', '2026-01', '2029-01');
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.errors).toEqual([{ field: 'to', reason: 'must be at most 36 months from 2026-01 on (both included); asked for 37' }]);
    const malformed = await report('revenue', '2026-13', '2026');
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['from', 'to']);
    expect((await api('GET', at('/reports/revenue?from=2026-01'), { token: alice })).status).toBe(400);
  });

  it('matches a hand-computed month of grants, purchases, spends, refunds and expiries, and the month after', async () => {
    // Grants: 30.00 by the admin, 20.00 by bob's plan (expiring at the period end).
    expect((await api('POST', at('/users/bob/credits/grants'), { token: alice, headers: key(), body: { amount: '30.00', kind: 'permanent', reason: 'welcome' } })).status).toBe(201);
    const plan = (body: Record<string, unknown>) => api('POST', at('/plans'), { token: alice, body: planRequest(body) }).then((r) => r.body.id);
    const monthly = await plan({ name: 'Monthly', allowance: '20.00', billPaymentEnabled: true });
    const assigned = await api('POST', at('/plan-assignments'), { token: alice, body: { holder: { type: 'user', id: 'bob' }, planId: monthly } });
    expect(assigned.status).toBe(201);
    periodEnd = assigned.body.currentPeriod.endsAt;
    firstMonth = berlinMonth(assigned.body.currentPeriod.startsAt);
    const allInclusive = await plan({ name: 'All inclusive', allowance: '0', creditOptionDiscountPercent: 100, billPaymentEnabled: false });
    expect((await api('POST', at('/plan-assignments'), { token: alice, body: { holder: { type: 'user', id: 'erin' }, planId: allInclusive } })).status).toBe(201);
    await eventually(() => api('GET', at('/users/bob/credits'), { token: bob }).then((r) => r.body), (w) => w.expiring === '20.00');

    // Purchases of 10.00 credits for 9.00 EUR: bob on his bill, erin for free, carol by card (paid by a signed webhook).
    const option = (await api('POST', at('/credit-options'), { token: alice, body: { name: '10 credits', credits: '10.00', price: { amount: 900, currency: 'EUR' } } })).body.id;
    const buy = (token: string, userId: string, paymentMethod: string) =>
      api('POST', at('/credit-purchases'), { token, headers: key(), body: { optionId: option, wallet: { ownerType: 'user', ownerId: userId }, paymentMethod } });
    expect((await buy(bob, 'bob', 'bill')).body.status).toBe('completed');
    expect((await buy(erin, 'erin', 'free')).body).toMatchObject({ status: 'completed', price: { amount: 0 } });
    const byCard = (await buy(carol, 'carol', 'card')).body;
    expect(byCard.status).toBe('awaiting_payment');
    expect((await sendWebhook(api, paymentSucceeded(byCard.payment.paymentIntentId, 900, { purchaseId: byCard.id }))).status).toBe(200);
    await eventually(() => api('GET', at('/users/carol/credits'), { token: carol }).then((r) => r.body), (w) => w.balance === '10.00');

    // A deduction of 5.00 by the admin; carol spends 4.00 and 1.50 through the ledger's internal API, the 1.50 is refunded.
    expect((await api('POST', at('/users/bob/credits/deductions'), { token: alice, headers: key(), body: { amount: '5.00', kind: 'permanent', reason: 'correction' } })).status).toBe(201);
    const ledger = apiClient(sut.system.ledgerUrl);
    const carolWallet = encodeURIComponent(walletIdFor({ locationId: sut.locationId, ownerType: 'user', ownerId: 'carol' }));
    const internal = (path: string, body: Record<string, unknown>) => ledger('POST', `/internal/v1/wallets/${carolWallet}${path}`, { token: serviceToken('ledger'), headers: key(), body });
    const purpose = { resourceType: 'room', reference: 'booking-7' };
    expect((await internal('/spends', { amount: '4.00', purpose, reason: 'Room 2 h' })).status).toBe(201);
    const second = await internal('/spends', { amount: '1.50', purpose, reason: 'Coffee' });
    expect((await internal('/refunds', { spendId: second.body.spendId, reason: 'cancelled' })).body).toMatchObject({ amount: '1.50', expiredAmount: '0.00' });

    // A booking's card payment of 50.00 EUR (as booking will create it), paid by webhook; 15.00 refunded as credits, 5.00 to the card.
    const payments = apiClient(sut.system.paymentsUrl);
    const bookingId = `booking-${randomUUID()}`;
    const created = await payments('POST', '/internal/payments', {
      headers: { authorization: `Bearer ${serviceToken('payments', 'booking')}` },
      body: { locationId: sut.locationId, payer: { ownerType: 'user', ownerId: 'bob' }, purpose: { type: 'booking', id: bookingId }, amount: { amount: 5000, currency: 'EUR' }, description: 'Room, 1 day' },
    });
    expect(created.status).toBe(201);
    expect((await sendWebhook(api, paymentSucceeded(created.body.paymentIntentId, 5000, { paymentId: created.body.paymentId, bookingId }))).status).toBe(200);
    const refund = (amount: number, method: 'card' | 'credits') =>
      api('POST', at(`/payments/${created.body.paymentId}/refunds`), { token: alice, headers: key(), body: { amount: { amount, currency: 'EUR' }, method, reason: 'room closed' } });
    expect((await refund(1500, 'credits')).status).toBe(201);
    expect((await refund(500, 'card')).status).toBe(201);
    await eventually(() => api('GET', at('/users/bob/credits'), { token: bob }).then((r) => r.body), (w) => w.balance === '70.00'); // 30 + 20 + 10 - 5 + 15

    // By hand, the first month (Berlin): granted admin 30, plan 20, purchase 3 x 10, refund 15 = 95.00;
    // spent 4.00 + 1.50 = 5.50, deducted 5.00, refunded 1.50: outstanding 86.00.
    // Revenue: credit purchases 9.00 (bill) + 0.00 (free) + 9.00 (card); bookings 50.00 less 15.00 + 5.00 refunded.
    const [before, nextMonth] = [shift(firstMonth, -1), shift(firstMonth, 1)];
    expect(berlinMonth(periodEnd)).toBe(nextMonth);
    const zeros = { plan: '0.00', admin: '0.00', purchase: '0.00', refund: '0.00', rollover: '0.00' };
    const quiet = (month: string, outstanding: string) => ({ month, granted: zeros, spent: '0.00', deducted: '0.00', refunded: '0.00', expired: '0.00', outstanding });
    const firstMonthCredits = {
      month: firstMonth,
      granted: { plan: '20.00', admin: '30.00', purchase: '30.00', refund: '15.00', rollover: '0.00' },
      spent: '5.50',
      deducted: '5.00',
      refunded: '1.50',
      expired: '0.00',
      outstanding: '86.00',
    };
    const credits = await eventually(
      () => report('credits', before, nextMonth),
      (r) => r.body.months?.[1]?.outstanding === '86.00',
    );
    expect(credits.status).toBe(200);
    expect(credits.body).toEqual({ locationId: sut.locationId, timezone: 'Europe/Berlin', openingOutstanding: '0.00', months: [quiet(before, '0.00'), firstMonthCredits, quiet(nextMonth, '86.00')] });

    const money = (amount: number) => ({ amount, currency: 'EUR' });
    const line = (source: string, received: number, refunded: number) => ({ source, currency: 'EUR', received: money(received), refunded: money(refunded), net: received - refunded });
    const revenue = await eventually(
      () => report('revenue', firstMonth, firstMonth),
      (r) => r.body.months?.[0]?.sources?.[1]?.refunded?.amount === 2000,
    );
    expect(revenue.body).toEqual({
      locationId: sut.locationId,
      currency: 'EUR',
      timezone: 'Europe/Berlin',
      months: [{ month: firstMonth, sources: [line('credit-purchases', 1800, 0), line('bookings', 5000, 2000)] }],
    });

    // A minute past the period end on membership's clock: bob's 20.00 plan credits expire and the next
    // period grants 20.00, both in the next month; outstanding carries on from the first month.
    const membership = apiClient(sut.system.membershipUrl);
    const moved = await membership('POST', '/internal/clock', { token: serviceToken('membership', 'e2e'), body: { offsetMs: Date.parse(periodEnd) - Date.now() + 60_000 } });
    expect(moved.status).toBe(200);
    const later = await eventually(
      () => report('credits', firstMonth, nextMonth),
      (r) => r.body.months?.[1]?.expired === '20.00' && r.body.months?.[1]?.granted?.plan === '20.00',
    );
    expect(later.body).toEqual({
      locationId: sut.locationId,
      timezone: 'Europe/Berlin',
      openingOutstanding: '0.00',
      months: [firstMonthCredits, { ...quiet(nextMonth, '86.00'), granted: { ...zeros, plan: '20.00' }, expired: '20.00' }],
    });
    // From the next month on, the first one is the opening.
    expect((await report('credits', nextMonth, nextMonth)).body.openingOutstanding).toBe('86.00');
    expect((await report('revenue', nextMonth, nextMonth)).body.months).toEqual([{ month: nextMonth, sources: [line('credit-purchases', 0, 0), line('bookings', 0, 0)] }]);
  });
});
