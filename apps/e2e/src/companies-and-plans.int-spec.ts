import { planRequest } from './support/plan-request';
import { useLocationUnderTest } from './support/location-under-test';
import { apiClient, eventually, serviceToken, tokenFor } from './support/system-under-test';

/**
 * Companies, their wallets and plans end to end: the spawned services on real PostgreSQL and Kafka,
 * membership's clock moved forward through its test endpoint to cross a plan period boundary.
 */
describe('companies, company wallets and plan periods', () => {
  const sut = useLocationUnderTest('e2e-plans', ['bob', 'carol', 'dave', 'erin', 'frank', 'gina']);
  const { api, at, alice } = sut;
  let membership: ReturnType<typeof apiClient>;
  let ledger: ReturnType<typeof apiClient>;
  let acme: string;
  let globex: string;
  let monthly: string;
  const bob = tokenFor('bob'); // manager of Acme
  const carol = tokenFor('carol'); // member of Acme
  const dave = tokenFor('dave'); // member of Globex, removed later
  const erin = tokenFor('erin'); // manager of Initech
  const frank = tokenFor('frank'); // member of Initech for a while
  const grant = (wallet: string, key: string, token = alice) =>
    api('POST', at(`${wallet}/credits/grants`), { token, headers: { 'idempotency-key': key }, body: { amount: '20.00', kind: 'permanent', reason: 'welcome' } });

  beforeAll(() => {
    membership = apiClient(sut.system.membershipUrl);
    ledger = apiClient(sut.system.ledgerUrl);
  });

  it('lets admins create companies and managers run only their own company', async () => {
    expect((await api('POST', at('/companies'), { token: bob, body: { name: 'Bob Inc' } })).status).toBe(403);
    acme = (await api('POST', at('/companies'), { token: alice, body: { name: 'Acme' } })).body.id;
    globex = (await api('POST', at('/companies'), { token: alice, body: { name: 'Globex' } })).body.id;
    expect((await api('PUT', at(`/companies/${acme}/managers/bob`), { token: alice })).body.members).toEqual([{ userId: 'bob', manager: true, corporateCard: true }]);
    expect((await api('POST', at(`/companies/${globex}/members`), { token: alice, body: { userId: 'dave' } })).status).toBe(201);

    expect((await api('POST', at(`/companies/${acme}/members`), { token: bob, body: { userId: 'carol' } })).status).toBe(201);
    const card = await api('PUT', at(`/companies/${acme}/members/carol/corporate-card`), { token: bob, body: { allowed: true } });
    expect(card.body.members).toContainEqual({ userId: 'carol', manager: false, corporateCard: true });
    expect((await api('PATCH', at(`/companies/${acme}`), { token: bob, body: { name: 'Acme GmbH' } })).body.name).toBe('Acme GmbH');

    // A manager of Acme has no say over Globex, and a plain member none over Acme.
    expect((await api('POST', at(`/companies/${globex}/members`), { token: bob, body: { userId: 'carol' } })).status).toBe(403);
    expect((await api('PATCH', at(`/companies/${globex}`), { token: bob, body: { name: 'Mine now' } })).status).toBe(403);
    expect((await api('PUT', at(`/companies/${acme}/managers/carol`), { token: bob })).status).toBe(403);
    expect((await api('GET', at(`/companies/${globex}`), { token: bob })).status).toBe(403);
    expect((await api('GET', at('/companies'), { token: carol })).body.map((c: { name: string }) => c.name)).toEqual(['Acme GmbH']);
  });

  it('keeps a company wallet: admins grant, its members read it, members of other companies cannot', async () => {
    expect((await grant(`/companies/${acme}`, 'acme-welcome', bob)).status).toBe(403);
    const granted = await grant(`/companies/${acme}`, 'acme-welcome');
    expect(granted.status).toBe(201);
    expect(granted.body.walletId).toBe(`wallet:${sut.locationId}:company:${acme}`);

    const read = await api('GET', at(`/companies/${acme}/credits`), { token: carol });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ balance: '20.00', permanent: '20.00' });
    expect((await api('GET', at(`/companies/${acme}/credits`), { token: dave })).status).toBe(403);
    expect((await api('GET', at(`/companies/${globex}/credits/transactions`), { token: carol })).status).toBe(403);
    const history = await api('GET', at(`/companies/${acme}/credits/transactions?type=CreditsGranted`), { token: bob });
    expect(history.body.items.map((item: { amount: string }) => item.amount)).toEqual(['20.00']);
    expect((await api('GET', at(`/companies/${acme}/credits/transactions?type=Nonsense`), { token: bob })).status).toBe(400);
  });

  it('keeps plans to admins and assigns them only to members', async () => {
    const plan = planRequest();
    expect((await api('POST', at('/plans'), { token: bob, body: plan })).status).toBe(403);
    const created = await api('POST', at('/plans'), { token: alice, body: plan });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ allowance: '20.00', rollover: { mode: 'none' }, status: 'active' });
    monthly = created.body.id;

    const stranger = await api('POST', at('/plan-assignments'), { token: alice, body: { holder: { type: 'user', id: 'mallory' }, planId: monthly } });
    expect(stranger.status).toBe(400);
    expect(stranger.body.errors[0]).toMatchObject({ field: 'holder.id' });
    expect((await api('POST', at('/plan-assignments'), { token: bob, body: { holder: { type: 'user', id: 'carol' }, planId: monthly } })).status).toBe(403);
  });

  it('refuses grants, spends and holds to a removed member, who keeps their history', async () => {
    expect((await grant('/users/dave', 'dave-1')).status).toBe(201);
    const removed = await api('DELETE', at('/members/dave'), { token: alice });
    expect(removed.body).toMatchObject({ userId: 'dave', status: 'removed' });
    const refused = await grant('/users/dave', 'dave-2');
    expect(refused.status).toBe(404);
    expect(refused.body.detail).toMatch(/not a member/);
    expect((await api('GET', at(`/companies/${globex}`), { token: alice })).body.members).toEqual([]);
    // The booking service's way in: the ledger's internal API refuses to take credits from the wallet.
    const internal = (path: string, key: string, body: object) =>
      ledger('POST', `/internal/v1/wallets/${encodeURIComponent(`wallet:${sut.locationId}:user:dave`)}${path}`, {
        token: serviceToken('ledger'),
        headers: { 'idempotency-key': key },
        body: { amount: '1.00', purpose: { resourceType: 'room', reference: 'booking-dave' }, reason: 'room', ...body },
      });
    const inAnHour = new Date(Date.now() + 3_600_000).toISOString();
    for (const refusedUse of [await internal('/spends', 'dave-spend', {}), await internal('/holds', 'dave-hold', { expiresAt: inAnHour })]) {
      expect(refusedUse.status).toBe(409);
      expect(refusedUse.contentType).toMatch(/^application\/problem\+json/);
      expect(refusedUse.body).toMatchObject({ type: expect.stringMatching(/not-an-active-member$/), status: 409, detail: `dave is not an active member of location ${sut.locationId}` });
    }
    const history = await api('GET', at('/users/dave/credits/transactions'), { token: alice });
    expect(history.body.items).toEqual([expect.objectContaining({ type: 'CreditsGranted', amount: '20.00' })]);
    expect((await api('GET', at('/users/dave/credits'), { token: alice })).body).toMatchObject({ balance: '20.00' });
  });

  it('grants the allowance at the period start and expires it at the period end, for a member and a company', async () => {
    const assigned = await api('POST', at('/plan-assignments'), { token: alice, body: { holder: { type: 'user', id: 'carol' }, planId: monthly } });
    expect(assigned.status).toBe(201);
    const period = assigned.body.currentPeriod;
    // One calendar month in the location's time zone: the same wall-clock time in Berlin, next month.
    const berlin = (iso: string) => new Date(iso).toLocaleString('sv-SE', { timeZone: 'Europe/Berlin' }); // "2026-11-22 09:39:06"
    const [start, end] = [berlin(period.startsAt), berlin(period.endsAt)];
    expect(end.slice(11)).toBe(start.slice(11));
    expect(Number(end.slice(5, 7))).toBe((Number(start.slice(5, 7)) % 12) + 1);
    const acmeAssigned = await api('POST', at('/plan-assignments'), { token: alice, body: { holder: { type: 'company', id: acme }, planId: monthly } });
    const acmeFirst = acmeAssigned.body.currentPeriod;

    const carolWallet = () => api('GET', at('/users/carol/credits'), { token: carol }).then((r) => r.body);
    const acmeWallet = () => api('GET', at(`/companies/${acme}/credits`), { token: carol }).then((r) => r.body);
    const started = await eventually(carolWallet, (w) => w.expiring === '20.00');
    expect(started.lots).toEqual([expect.objectContaining({ kind: 'expiring', remaining: '20.00', expiresAt: period.endsAt, source: 'plan' })]);
    expect((await eventually(acmeWallet, (w) => w.expiring === '20.00')).balance).toBe('40.00');

    const deducted = await api('POST', at('/users/carol/credits/deductions'), {
      token: alice,
      headers: { 'idempotency-key': 'carol-5' },
      body: { amount: '5.00', kind: 'expiring', reason: 'correction' },
    });
    expect(deducted.body.expiring).toBe('15.00');
    const acmeDeducted = await api('POST', at(`/companies/${acme}/credits/deductions`), {
      token: alice,
      headers: { 'idempotency-key': 'acme-5' },
      body: { amount: '5.00', kind: 'expiring', reason: 'correction' },
    });
    expect(acmeDeducted.body).toMatchObject({ balance: '35.00', expiring: '15.00' });

    // A minute past the period end on membership's clock: the scheduler ends it and starts the next.
    const moved = await membership('POST', '/internal/clock', { token: serviceToken('membership', 'e2e'), body: { offsetMs: Date.parse(period.endsAt) - Date.now() + 60_000 } });
    expect(moved.body.boundaries).toBe(2);
    const next = await api('GET', at('/users/carol/plan'), { token: carol });
    expect(next.body.currentPeriod.startsAt).toBe(period.endsAt);

    const expiredQuery = at(`/users/carol/credits/transactions?type=CreditsExpired`);
    const expired = await eventually(() => api('GET', expiredQuery, { token: carol }).then((r) => r.body.items), (items) => items.length === 1);
    expect(expired.map((item: { amount: string }) => item.amount)).toEqual(['-15.00']);
    const renewed = await eventually(carolWallet, (w) => w.lots.some((lot: { expiresAt: string }) => lot.expiresAt === next.body.currentPeriod.endsAt));
    expect(renewed.lots).toEqual([expect.objectContaining({ remaining: '20.00', expiresAt: next.body.currentPeriod.endsAt, source: 'plan' })]);
    const acmePeriod = (await api('GET', at(`/companies/${acme}/plan`), { token: carol })).body.currentPeriod;
    expect(acmePeriod.startsAt).toBe(acmeFirst.endsAt);
    const acmeExpiredQuery = at(`/companies/${acme}/credits/transactions?type=CreditsExpired`);
    const acmeExpired = await eventually(() => api('GET', acmeExpiredQuery, { token: carol }).then((r) => r.body.items), (items) => items.length === 1);
    expect(acmeExpired.map((item: { amount: string }) => item.amount)).toEqual(['-15.00']);
    const acmeRenewed = await eventually(acmeWallet, (w) => w.lots.some((lot: { expiresAt: string }) => lot.expiresAt === acmePeriod.endsAt));
    expect(acmeRenewed).toMatchObject({ balance: '40.00', permanent: '20.00', expiring: '20.00' });
    expect(acmeRenewed.lots).toContainEqual(expect.objectContaining({ kind: 'expiring', remaining: '20.00', expiresAt: acmePeriod.endsAt, source: 'plan' }));

    // The company wallet's past: just before its first period ended, and its history filtered around that end.
    const acmeHistory = async (query: string) =>
      (await api('GET', at(`/companies/${acme}/credits/transactions?${query}`), { token: bob })).body.items.map((item: { type: string; amount: string }) => `${item.type} ${item.amount}`).sort();
    const acmeExpiry = await eventually(() => api('GET', at(`/companies/${acme}/credits/transactions?type=CreditsExpired`), { token: bob }).then((r) => r.body.items), (items) => items.length === 1);
    const ended = acmeExpiry[0].occurredAt as string;
    const justBefore = new Date(Date.parse(ended) - 1).toISOString();
    const before = await api('GET', at(`/companies/${acme}/credits?asOf=${justBefore}`), { token: bob });
    expect(before.body).toMatchObject({ balance: '35.00', permanent: '20.00', expiring: '15.00' });
    const untilEnd = ['CreditsDeducted -5.00', 'CreditsGranted 20.00', 'CreditsGranted 20.00'];
    expect(await acmeHistory(`asOf=${justBefore}`)).toEqual(untilEnd);
    expect(await acmeHistory(`to=${ended}`)).toEqual(untilEnd);
    expect(await acmeHistory(`from=${ended}`)).toEqual(['CreditsExpired -15.00', 'CreditsGranted 20.00']);
    expect(await acmeHistory(`type=CreditsExpired&to=${ended}`)).toEqual([]);
    expect(await acmeHistory(`type=CreditsGranted&from=${ended}`)).toEqual(['CreditsGranted 20.00']);
  });

  it('lists members with removed ones marked, changes roles with effect at once, and re-invites a removed member', async () => {
    const list = await api('GET', at('/members'), { token: alice });
    expect(list.body).toContainEqual({ locationId: sut.locationId, userId: 'dave', role: 'member', status: 'removed' });
    expect(list.body).toContainEqual({ locationId: sut.locationId, userId: 'alice', role: 'admin', status: 'active' });
    expect((await api('GET', at('/members'), { token: carol })).status).toBe(403);

    expect((await api('PATCH', at('/members/bob'), { token: carol, body: { role: 'admin' } })).status).toBe(403);
    const invalid = await api('PATCH', at('/members/bob'), { token: alice, body: { role: 'owner' } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors).toEqual([expect.objectContaining({ field: 'role' })]);
    expect((await api('PATCH', at('/members/dave'), { token: alice, body: { role: 'admin' } })).status).toBe(404);
    expect((await api('PATCH', at('/members/bob'), { token: alice, body: { role: 'admin' } })).body).toMatchObject({ role: 'admin', status: 'active' });
    // The ledger knows the new role when the change answers: bob may grant at once, and no longer after the demotion.
    expect((await grant('/users/carol', 'bob-as-admin', bob)).status).toBe(201);
    expect((await api('PATCH', at('/members/bob'), { token: alice, body: { role: 'member' } })).body.role).toBe('member');
    expect((await grant('/users/carol', 'bob-as-member', bob)).status).toBe(403);

    expect((await api('POST', at('/members'), { token: alice, body: { userId: 'dave', role: 'member' } })).status).toBe(201);
    expect((await api('GET', at('/members/dave'), { token: dave })).body.status).toBe('active');
    expect((await grant('/users/dave', 'dave-3')).status).toBe(201);
    const history = await api('GET', at('/users/dave/credits/transactions'), { token: alice });
    expect(history.body.items.map((item: { amount: string }) => item.amount)).toEqual(['20.00', '20.00']);
  });

  it('runs a company’s people and archives it: frozen, its plan ended, its history readable', async () => {
    const initech = (await api('POST', at('/companies'), { token: alice, body: { name: 'Initech' } })).body.id;
    const company = (path = '') => at(`/companies/${initech}${path}`);
    expect((await api('PUT', company('/managers/erin'), { token: alice })).body.members).toEqual([{ userId: 'erin', manager: true, corporateCard: true }]);
    expect((await api('POST', company('/members'), { token: erin, body: { userId: 'frank' } })).status).toBe(201);
    const allowed = await api('PUT', company('/members/frank/corporate-card'), { token: erin, body: { allowed: true } });
    expect(allowed.body.members).toContainEqual({ userId: 'frank', manager: false, corporateCard: true });
    const revoked = await api('PUT', company('/members/frank/corporate-card'), { token: erin, body: { allowed: false } });
    expect(revoked.body.members).toContainEqual({ userId: 'frank', manager: false, corporateCard: false });
    expect((await grant(`/companies/${initech}`, 'initech-welcome')).status).toBe(201);

    expect((await api('GET', company('/credits'), { token: frank })).status).toBe(200);
    expect((await api('DELETE', company('/members/frank'), { token: erin })).body.members).toEqual([{ userId: 'erin', manager: true, corporateCard: true }]);
    expect((await api('GET', company('/credits'), { token: frank })).status).toBe(403);
    expect((await api('DELETE', company('/managers/erin'), { token: erin })).status).toBe(403);
    expect((await api('DELETE', company('/managers/erin'), { token: alice })).body.members).toEqual([{ userId: 'erin', manager: false, corporateCard: false }]);
    expect((await api('POST', company('/members'), { token: erin, body: { userId: 'frank' } })).status).toBe(403);

    const assigned = await api('POST', at('/plan-assignments'), { token: alice, body: { holder: { type: 'company', id: initech }, planId: monthly } });
    expect(assigned.body.currentPeriod.allowance).toBe('20.00');
    expect((await api('POST', company('/archive'), { token: erin })).status).toBe(403);
    expect((await api('POST', company('/archive'), { token: alice })).body).toMatchObject({ status: 'archived', members: [{ userId: 'erin' }] });
    expect((await api('GET', company('/plan'), { token: erin })).status).toBe(404);

    const refused = await grant(`/companies/${initech}`, 'initech-after-archive');
    expect(refused.status).toBe(404);
    expect(refused.body.detail).toMatch(/not an active company/);
    expect((await api('POST', company('/members'), { token: alice, body: { userId: 'frank' } })).body.type).toMatch(/company-archived$/);
    expect((await api('PATCH', company(), { token: alice, body: { name: 'Initrode' } })).status).toBe(409);
    expect((await api('POST', at('/plan-assignments'), { token: alice, body: { holder: { type: 'company', id: initech }, planId: monthly } })).status).toBe(400);
    const wallet = await eventually(() => api('GET', company('/credits'), { token: erin }).then((r) => r.body), (w) => w.expiring === '0.00');
    expect(wallet).toMatchObject({ balance: '20.00', permanent: '20.00', expiring: '0.00' });
    const history = await api('GET', company('/credits/transactions'), { token: alice });
    expect(history.body.items.map((item: { type: string; amount: string }) => [item.type, item.amount])).toEqual([
      ['CreditsExpired', '-20.00'],
      ['CreditsGranted', '20.00'],
      ['CreditsGranted', '20.00'],
    ]);
  });

  it('refuses invalid plans and plan edits with 400 naming every field, and changes nothing', async () => {
    const plansBefore = (await api('GET', at('/plans'), { token: alice })).body;
    const valid = planRequest({ name: 'Bad' });
    const fieldsOf = async (method: string, path: string, body: unknown) => {
      const response = await api(method, at(path), { token: alice, body });
      expect([response.status, response.contentType]).toEqual([400, expect.stringContaining('application/problem+json')]);
      return response.body.errors.map((error: { field: string; reason: string }) => (expect(error.reason).toEqual(expect.any(String)), error.field)).sort();
    };
    expect(
      await fieldsOf('POST', '/plans', {
        ...valid,
        price: { amount: -1, currency: 'EUR' },
        billingPeriod: { unit: 'year', count: 1 },
        allowance: 20.5,
        creditOptionDiscountPercent: 101,
      }),
    ).toEqual(['allowance', 'billingPeriod.unit', 'creditOptionDiscountPercent', 'price.amount']);
    expect(await fieldsOf('POST', '/plans', { ...valid, allowance: '20.555', billingPeriod: { unit: 'month', count: 0 } })).toEqual(['allowance', 'billingPeriod.count']);
    expect(await fieldsOf('POST', '/plans', { name: 'No price', allowance: '1.00', resourceDiscountPercent: 0, creditOptionDiscountPercent: 0, billPaymentEnabled: false })).toEqual([
      'billingPeriod',
      'price',
    ]);
    expect(await fieldsOf('POST', '/plans', { ...valid, price: { amount: 100, currency: 'USD' } })).toEqual(['price.currency']);
    expect(await fieldsOf('POST', '/plans', { ...valid, rollover: { mode: 'percent', percent: 150 } })).toEqual(['rollover.percent']);
    expect(await fieldsOf('POST', '/plans', { ...valid, rollover: { mode: 'credits' } })).toEqual(['rollover.credits']);
    expect(await fieldsOf('POST', '/plans', { ...valid, rollover: { mode: 'none', percent: 50 } })).toEqual(['rollover.percent']);
    expect(await fieldsOf('PATCH', `/plans/${monthly}`, { resourceDiscountPercent: -5, allowance: '-1' })).toEqual(['allowance', 'resourceDiscountPercent']);
    expect(await fieldsOf('POST', '/plan-assignments', { planId: monthly })).toEqual(['holder']);
    expect((await api('GET', at('/plans'), { token: alice })).body).toEqual(plansBefore);
  });

  it('applies plan edits, plan changes and cancellations at the next period, carrying over the rollover cap’s share', async () => {
    const dayPlan = (name: string, allowance: string, rollover?: unknown) => planRequest({ name, billingPeriod: { unit: 'day', count: 1 }, allowance, ...(rollover ? { rollover } : {}) });
    const day = (await api('POST', at('/plans'), { token: alice, body: dayPlan('Day', '10.00', { mode: 'percent', percent: 50 }) })).body;
    expect(day.rollover).toEqual({ mode: 'percent', percent: 50 });
    const small = (await api('POST', at('/plans'), { token: alice, body: dayPlan('Small', '4.00') })).body.id;
    const assign = (userId: string) => api('POST', at('/plan-assignments'), { token: alice, body: { holder: { type: 'user', id: userId }, planId: day.id } }).then((r) => r.body);
    const [erinPlan, frankPlan, ginaPlan] = [await assign('erin'), await assign('frank'), await assign('gina')];

    expect((await api('PATCH', at(`/plans/${day.id}`), { token: alice, body: { allowance: '12.00' } })).body.allowance).toBe('12.00');
    expect((await api('GET', at('/users/erin/plan'), { token: erin })).body.currentPeriod.allowance).toBe('10.00');
    const pending = await api('POST', at(`/plan-assignments/${frankPlan.id}/change`), { token: alice, body: { planId: small, effective: 'next-period' } });
    expect(pending.body).toMatchObject({ planId: day.id, pendingPlanId: small, currentPeriod: { planId: day.id } });
    const cancelling = await api('POST', at(`/plan-assignments/${ginaPlan.id}/cancel`), { token: alice, body: { effective: 'period-end' } });
    expect(cancelling.body).toMatchObject({ status: 'active', cancelAtPeriodEnd: true });
    const deducted = await api('POST', at('/users/erin/credits/deductions'), {
      token: alice,
      headers: { 'idempotency-key': 'erin-4' },
      body: { amount: '4.00', kind: 'expiring', reason: 'correction' },
    });
    expect(deducted.body.expiring).toBe('6.00');

    await membership('POST', '/internal/clock', { token: serviceToken('membership', 'e2e'), body: { offsetMs: Date.parse(ginaPlan.currentPeriod.endsAt) - Date.now() + 60_000 } });
    const erinNext = (await api('GET', at('/users/erin/plan'), { token: erin })).body;
    expect(erinNext.currentPeriod).toMatchObject({ planId: day.id, startsAt: erinPlan.currentPeriod.endsAt, allowance: '12.00' });
    const wallet = (userId: string) => () => api('GET', at(`/users/${userId}/credits`), { token: alice }).then((r) => r.body);
    // 6.00 left of 10.00; the cap is 50 % of the allowance: 5.00 carries over, all 6.00 expire.
    const erinWallet = await eventually(wallet('erin'), (w) => w.expiring === '17.00');
    expect(erinWallet.lots.map((lot: { source: string; remaining: string }) => [lot.source, lot.remaining])).toEqual([
      ['plan', '12.00'],
      ['rollover', '5.00'],
    ]);
    const expired = await api('GET', at('/users/erin/credits/transactions?type=CreditsExpired'), { token: erin });
    expect(expired.body.items.map((item: { amount: string }) => item.amount)).toEqual(['-6.00']);

    const frankNext = (await api('GET', at('/users/frank/plan'), { token: frank })).body;
    expect(frankNext).toMatchObject({ planId: small, pendingPlanId: null, currentPeriod: { planId: small, allowance: '4.00', startsAt: frankPlan.currentPeriod.endsAt } });
    expect((await eventually(wallet('frank'), (w) => w.expiring === '4.00')).expiring).toBe('4.00');
    expect((await api('GET', at('/users/gina/plan'), { token: alice })).status).toBe(404);
    expect((await api('GET', at(`/plan-assignments/${ginaPlan.id}`), { token: alice })).body).toMatchObject({ status: 'ended', currentPeriod: null });
    expect((await eventually(wallet('gina'), (w) => w.expiring === '0.00')).expiring).toBe('0.00');

    // Changed or cancelled now: the current period ends now, its credits expire now.
    const switched = await api('POST', at(`/plan-assignments/${erinPlan.id}/change`), { token: alice, body: { planId: small, effective: 'now' } });
    expect(switched.body).toMatchObject({ planId: small, currentPeriod: { planId: small, allowance: '4.00' } });
    expect(Date.parse(switched.body.currentPeriod.startsAt)).toBeLessThan(Date.parse(erinNext.currentPeriod.endsAt));
    expect((await eventually(wallet('erin'), (w) => w.expiring === '4.00')).lots).toEqual([expect.objectContaining({ source: 'plan', remaining: '4.00' })]);
    expect((await api('POST', at(`/plan-assignments/${erinPlan.id}/change`), { token: alice, body: { planId: small, effective: 'now' } })).status).toBe(409);
    const cancelled = await api('POST', at(`/plan-assignments/${frankPlan.id}/cancel`), { token: alice, body: { effective: 'now' } });
    expect(cancelled.body).toMatchObject({ status: 'ended', currentPeriod: null });
    expect((await eventually(wallet('frank'), (w) => w.expiring === '0.00')).expiring).toBe('0.00');
    expect((await api('POST', at(`/plan-assignments/${frankPlan.id}/cancel`), { token: alice, body: { effective: 'now' } })).status).toBe(409);
  });

  it('archives a plan: running assignments continue, nobody new gets it, members no longer see it', async () => {
    expect((await api('POST', at(`/plans/${monthly}/archive`), { token: bob })).status).toBe(403);
    expect((await api('POST', at(`/plans/${monthly}/archive`), { token: alice })).body.status).toBe('archived');
    expect((await api('GET', at('/users/carol/plan'), { token: carol })).body).toMatchObject({ planId: monthly, status: 'active' });
    const refused = await api('POST', at('/plan-assignments'), { token: alice, body: { holder: { type: 'user', id: 'gina' }, planId: monthly } });
    expect([refused.status, refused.body.type]).toEqual([409, expect.stringMatching(/plan-archived$/)]);
    expect((await api('PATCH', at(`/plans/${monthly}`), { token: alice, body: { name: 'Flex 2' } })).status).toBe(409);
    expect((await api('GET', at('/plans'), { token: carol })).body.map((plan: { id: string }) => plan.id)).not.toContain(monthly);
    expect((await api('GET', at(`/plans/${monthly}`), { token: alice })).body.status).toBe('archived');
  });
});
