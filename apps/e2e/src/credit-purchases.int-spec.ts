import { randomUUID } from 'node:crypto';
import { openEventStream } from './support/event-stream-client';
import { useLocationUnderTest } from './support/location-under-test';
import { planRequest } from './support/plan-request';
import { paymentSucceeded, sendWebhook } from './support/stripe-webhook';
import { eventually, tokenFor, type ApiResponse } from './support/system-under-test';

const PROBLEM = 'https://credits.example/problems/';

/**
 * Credit sales end to end (R10-R14): the services as separate processes on real PostgreSQL, Kafka
 * and stripe-mock. Billing asks membership who the buyer is at each purchase, the ledger grants the
 * bought credits from CreditPurchaseCompleted, and a purchase answers once they are in the wallet.
 */
describe('credit purchases', () => {
  const sut = useLocationUnderTest('e2e-credit-sales', ['bob', 'carol', 'dave', 'erin']);
  const { api, at, alice } = sut;
  let acme: string;
  let tenCredits: string;
  const bob = tokenFor('bob'); // manager of Acme, on a plan with bill payment
  const carol = tokenFor('carol'); // member of Acme allowed the corporate card, on a 10% plan without bills
  const dave = tokenFor('dave'); // member of Acme without the corporate card
  const erin = tokenFor('erin'); // on a plan with 100% credit-option discount
  const mallory = tokenFor('mallory'); // no member
  const buy = (token: string, body: Record<string, unknown>, key = randomUUID()) => api('POST', at('/credit-purchases'), { token, body, headers: { 'idempotency-key': key } });
  const personal = (userId: string, paymentMethod: string, optionId = tenCredits) => ({ optionId, wallet: { ownerType: 'user', ownerId: userId }, paymentMethod });
  const forAcme = (paymentMethod: string) => ({ optionId: tenCredits, wallet: { ownerType: 'company', ownerId: acme }, paymentMethod });
  const balance = async (wallet: string, token: string) => (await api('GET', at(`${wallet}/credits`), { token })).body;
  const problemType = (response: ApiResponse) => String(response.body.type).replace(PROBLEM, '');
  const assignPlan = async (holder: { type: string; id: string }, overrides: Record<string, unknown>) => {
    const plan = await api('POST', at('/plans'), { token: alice, body: planRequest({ allowance: '0', ...overrides }) });
    expect((await api('POST', at('/plan-assignments'), { token: alice, body: { holder, planId: plan.body.id } })).status).toBe(201);
  };

  beforeAll(async () => {
    acme = (await api('POST', at('/companies'), { token: alice, body: { name: 'Acme' } })).body.id;
    await api('PUT', at(`/companies/${acme}/managers/bob`), { token: alice });
    for (const userId of ['carol', 'dave']) await api('POST', at(`/companies/${acme}/members`), { token: bob, body: { userId } });
    await api('PUT', at(`/companies/${acme}/members/carol/corporate-card`), { token: bob, body: { allowed: true } });
    await assignPlan({ type: 'user', id: 'bob' }, { name: 'Invoiced', creditOptionDiscountPercent: 0, billPaymentEnabled: true });
    await assignPlan({ type: 'user', id: 'carol' }, { name: 'Flex', creditOptionDiscountPercent: 10, billPaymentEnabled: false });
    await assignPlan({ type: 'user', id: 'erin' }, { name: 'All inclusive', creditOptionDiscountPercent: 100, billPaymentEnabled: false });
    await assignPlan({ type: 'company', id: acme }, { name: 'Corporate', creditOptionDiscountPercent: 0, billPaymentEnabled: true });
  });

  it('lets admins create, edit and archive credit options; members see the active ones at their plan’s discount (R10)', async () => {
    const option = { name: '10 credits', credits: '10.00', price: { amount: 900, currency: 'EUR' } };
    expect((await api('POST', at('/credit-options'), { token: bob, body: option })).status).toBe(403);
    expect((await api('POST', at('/credit-options'), { token: mallory, body: option })).status).toBe(404);
    const wrongCurrency = await api('POST', at('/credit-options'), { token: alice, body: { ...option, price: { amount: 900, currency: 'USD' } } });
    expect(wrongCurrency.status).toBe(400);
    expect(wrongCurrency.body.errors).toEqual([{ field: 'price.currency', reason: 'must be the location currency EUR' }]);
    expect((await api('POST', at('/credit-options'), { token: alice, body: { ...option, credits: '1.234' } })).status).toBe(400);

    const created = await api('POST', at('/credit-options'), { token: alice, body: { ...option, name: 'Ten' } });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.any(String), locationId: sut.locationId, name: 'Ten', credits: '10.00', price: { amount: 900, currency: 'EUR' }, status: 'active' });
    tenCredits = created.body.id;
    const renamed = await api('PATCH', at(`/credit-options/${tenCredits}`), { token: alice, body: { name: '10 credits' } });
    expect(renamed.body).toMatchObject({ name: '10 credits', credits: '10.00', price: { amount: 900, currency: 'EUR' } });
    expect((await api('PATCH', at(`/credit-options/${tenCredits}`), { token: carol, body: { name: 'Mine' } })).status).toBe(403);

    const old = (await api('POST', at('/credit-options'), { token: alice, body: { name: 'Old deal', credits: '5.00', price: { amount: 300, currency: 'EUR' } } })).body.id;
    expect((await api('POST', at(`/credit-options/${old}/archive`), { token: alice })).body.status).toBe('archived');
    expect((await api('PATCH', at(`/credit-options/${old}`), { token: alice, body: { name: 'Back' } })).status).toBe(409);
    expect(problemType(await buy(bob, personal('bob', 'bill', old)))).toBe('option-archived');

    // Carol's plan takes 10% off; the list price stays visible.
    const offers = await api('GET', at('/credit-options'), { token: carol });
    expect(offers.body).toEqual([
      { id: tenCredits, locationId: sut.locationId, name: '10 credits', credits: '10.00', listPrice: { amount: 900, currency: 'EUR' }, price: { amount: 810, currency: 'EUR' }, discountPercent: 10, status: 'active' },
    ]);
    // Priced for Acme's wallet, Acme's plan counts (no discount).
    expect((await api('GET', at(`/credit-options?companyId=${acme}`), { token: carol })).body[0].price).toEqual({ amount: 900, currency: 'EUR' });
    expect((await api('GET', at('/credit-options?status=archived'), { token: carol })).status).toBe(403);
    expect((await api('GET', at('/credit-options?status=archived'), { token: alice })).body.map((o: { name: string }) => o.name)).toEqual(['Old deal']);
  });

  it('sells company credits to managers and members allowed the corporate card only (R11)', async () => {
    const refused = await buy(dave, forAcme('bill'));
    expect(refused.status).toBe(403);
    expect(problemType(refused)).toBe('corporate-card-not-allowed');
    expect(refused.body.detail).toMatch(/corporate card/);
    expect((await buy(erin, forAcme('bill'))).status).toBe(403); // a member of the location, not of Acme
    expect((await buy(mallory, forAcme('bill'))).status).toBe(404); // strangers learn nothing
    expect((await buy(dave, personal('bob', 'bill'))).status).toBe(403); // nobody else's personal wallet

    const byCarol = await buy(carol, forAcme('bill'));
    expect(byCarol.status).toBe(201);
    expect(byCarol.body).toMatchObject({ status: 'completed', credits: '10.00', price: { amount: 900, currency: 'EUR' }, wallet: { ownerType: 'company', ownerId: acme }, buyerId: 'carol' });
    // Read-your-writes: the credits are in the company wallet as soon as the purchase answers.
    expect(await balance(`/companies/${acme}`, bob)).toMatchObject({ balance: '10.00', permanent: '10.00' });
    expect((await buy(bob, forAcme('bill'))).status).toBe(201);
    expect((await balance(`/companies/${acme}`, bob)).balance).toBe('20.00');
  });

  it('adds a bill purchase as a line of the open bill and the credits at once, only when the plan allows bills (R12, R14)', async () => {
    const notAllowed = await buy(carol, personal('carol', 'bill'));
    expect(notAllowed.status).toBe(409);
    expect(problemType(notAllowed)).toBe('bill-payment-not-enabled');

    const key = randomUUID();
    const first = await buy(bob, personal('bob', 'bill'), key);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ status: 'completed', paymentMethod: 'bill', billId: expect.any(String), completedAt: expect.any(String) });
    const purchaseId = first.body.id;
    expect(await balance('/users/bob', bob)).toMatchObject({ balance: '10.00', lots: [expect.objectContaining({ kind: 'permanent', remaining: '10.00', source: 'purchase' })] });
    const history = await api('GET', at('/users/bob/credits/transactions'), { token: bob });
    expect(history.body.items).toEqual([
      expect.objectContaining({ type: 'CreditsGranted', amount: '10.00', reason: 'Credit purchase', data: expect.objectContaining({ source: 'purchase', purchaseId, unitPrice: { amount: 90, currency: 'EUR' } }) }),
    ]);

    // The same key: the first answer again, nothing bought twice; the same key for another purchase: 422.
    const retry = await buy(bob, personal('bob', 'bill'), key);
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body).toEqual(first.body);
    expect((await buy(bob, forAcme('bill'), key)).status).toBe(422);
    expect((await buy(bob, personal('bob', 'bill'))).status).toBe(201);
    expect((await balance('/users/bob', bob)).balance).toBe('20.00');

    const bills = await api('GET', at('/bills'), { token: bob });
    expect(bills.body).toEqual([
      expect.objectContaining({
        id: first.body.billId,
        holder: { ownerType: 'user', ownerId: 'bob' },
        status: 'open',
        total: { amount: 1800, currency: 'EUR' },
        lines: [
          expect.objectContaining({ purchaseId, description: '10 credits (10.00 credits)', amount: { amount: 900, currency: 'EUR' } }),
          expect.objectContaining({ amount: { amount: 900, currency: 'EUR' } }),
        ],
      }),
    ]);
    const acmeBills = await api('GET', at(`/bills?companyId=${acme}`), { token: bob });
    expect(acmeBills.body.map((bill: { total: { amount: number } }) => bill.total.amount)).toEqual([1800]);
    expect((await api('GET', at(`/bills?companyId=${acme}`), { token: carol })).status).toBe(403); // managers only
    expect((await api('GET', at('/bills?userId=bob'), { token: carol })).status).toBe(403);
    expect((await api('GET', at('/bills'), { token: alice })).body).toHaveLength(2);
  });

  it('gives credits at once for free when the discount is 100%, and only then (R10, R12)', async () => {
    expect((await api('GET', at('/credit-options'), { token: erin })).body[0]).toMatchObject({ listPrice: { amount: 900, currency: 'EUR' }, price: { amount: 0, currency: 'EUR' }, discountPercent: 100 });
    expect(problemType(await buy(erin, personal('erin', 'card')))).toBe('nothing-to-pay');
    expect(problemType(await buy(bob, personal('bob', 'free')))).toBe('not-free');
    const free = await buy(erin, personal('erin', 'free'));
    expect(free.status).toBe(201);
    expect(free.body).toMatchObject({ status: 'completed', price: { amount: 0, currency: 'EUR' }, paymentMethod: 'free', billId: null });
    expect(free.body).not.toHaveProperty('payment');
    expect(await balance('/users/erin', erin)).toMatchObject({ balance: '10.00', lots: [expect.objectContaining({ source: 'purchase', kind: 'permanent' })] });
    expect((await api('GET', at('/bills?userId=erin'), { token: erin })).body).toEqual([]);
  });

  it('keeps purchases final (R13) and shows them to their buyer, the company’s managers and admins', async () => {
    const [mine] = (await api('GET', at('/credit-purchases'), { token: erin })).body;
    const cancelled = await api('POST', at(`/credit-purchases/${mine.id}/cancel`), { token: erin });
    expect(cancelled.status).toBe(409);
    expect(problemType(cancelled)).toBe('purchase-final');
    expect((await api('POST', at(`/credit-purchases/${mine.id}/cancel`), { token: alice })).status).toBe(409);
    expect((await balance('/users/erin', erin)).balance).toBe('10.00');

    expect((await api('GET', at(`/credit-purchases/${mine.id}`), { token: erin })).body).toMatchObject({ id: mine.id, status: 'completed' });
    expect((await api('GET', at(`/credit-purchases/${mine.id}`), { token: alice })).status).toBe(200);
    expect((await api('GET', at(`/credit-purchases/${mine.id}`), { token: bob })).status).toBe(404);
    expect((await api('POST', at(`/credit-purchases/${mine.id}/cancel`), { token: bob })).status).toBe(404);

    const forCompany = await api('GET', at(`/credit-purchases?companyId=${acme}`), { token: bob });
    expect(forCompany.body.map((p: { buyerId: string }) => p.buyerId).sort()).toEqual(['bob', 'carol']);
    expect((await api('GET', at(`/credit-purchases?companyId=${acme}`), { token: carol })).status).toBe(403);
    expect((await api('GET', at('/credit-purchases?userId=bob'), { token: carol })).status).toBe(403);
    expect((await api('GET', at('/credit-purchases'), { token: alice })).body.length).toBe(5);
  });

  it('buys by card: a PaymentIntent, then credits once when the signed webhook says it succeeded, even if the buyer left and credits were switched off meanwhile', async () => {
    // The buyer's app listens for notifications (R14) while paying.
    const notifications = await openEventStream(`${sut.system.gatewayUrl}/v1/me/notifications`, { authorization: `Bearer ${carol}` });
    expect(notifications.status).toBe(200);
    const started = await buy(carol, personal('carol', 'card'));
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({ status: 'awaiting_payment', price: { amount: 810, currency: 'EUR' }, payment: { paymentIntentId: expect.stringMatching(/^pi_/), clientSecret: expect.any(String) } });
    const { id: purchaseId, payment } = started.body;
    // Nothing yet; and the client secret is the buyer's alone.
    expect((await balance('/users/carol', carol)).balance).toBe('0.00');
    expect((await api('GET', at(`/credit-purchases/${purchaseId}`), { token: alice })).body).not.toHaveProperty('payment');

    // Paid means delivered: carol leaves the location and credits are switched off before Stripe's webhook arrives.
    expect((await api('DELETE', at('/members/carol'), { token: alice })).status).toBeLessThan(300);
    expect((await api('PATCH', at('/settings'), { token: alice, body: { creditsEnabled: false } })).status).toBe(200);
    const payload = paymentSucceeded(payment.paymentIntentId, 810, { purchaseId });
    for (let i = 0; i < 5; i += 1) expect((await sendWebhook(api, payload)).status).toBe(200);
    // The webhook's effect travels over Kafka (payments -> billing -> ledger).
    const completed = await eventually(() => api('GET', at(`/credit-purchases/${purchaseId}`), { token: alice }), (r) => r.body.status === 'completed');
    expect(completed.body).toMatchObject({ status: 'completed', completedAt: expect.any(String) });
    const credits = await eventually(() => api('GET', at('/users/carol/credits'), { token: alice }), (r) => r.body.lots?.length > 0);
    expect(credits.body.lots).toEqual([expect.objectContaining({ kind: 'permanent', remaining: '10.00', source: 'purchase' })]);
    const grants = (await api('GET', at('/users/carol/credits/transactions'), { token: alice })).body.items;
    expect(grants).toEqual([expect.objectContaining({ type: 'CreditsGranted', amount: '10.00', reason: 'Credit purchase', data: expect.objectContaining({ purchaseId, unitPrice: { amount: 81, currency: 'EUR' } }) })]);
    // The buyer is told: credits-added, naming the purchase.
    const pushed = await notifications.until((stream) => stream.events.length >= 1);
    notifications.close();
    expect(pushed.map((event) => ({ event: event.event, data: JSON.parse(event.data) }))).toEqual([
      { event: 'credits-added', data: { locationId: sut.locationId, wallet: { ownerType: 'user', ownerId: 'carol' }, amount: '10.00', source: 'purchase', purchaseId } },
    ]);
  });

  it('refuses purchases and prices while credits are off (R2)', async () => {
    // (switched off in the test before)
    expect((await api('GET', at(''), { token: alice })).body.creditsEnabled).toBe(false);
    expect(problemType(await buy(bob, personal('bob', 'bill')))).toBe('credits-disabled');
    expect((await api('GET', at('/credit-options'), { token: bob })).status).toBe(409);
    expect((await api('POST', at('/credit-options'), { token: alice, body: { name: 'x', credits: '1.00', price: { amount: 100, currency: 'EUR' } } })).status).toBe(409);
  });
});
