import { apiClient, eventually, startSystemUnderTest, tokenFor, type SystemUnderTest } from './support/system-under-test';

/**
 * Companies, their wallets and plans end to end: the spawned services on real PostgreSQL and Kafka,
 * membership's clock moved forward through its test endpoint to cross a plan period boundary.
 */
describe('companies, company wallets and plan periods', () => {
  let system: SystemUnderTest;
  let api: ReturnType<typeof apiClient>;
  let membership: ReturnType<typeof apiClient>;
  let locationId: string;
  let acme: string;
  let globex: string;
  let monthly: string;
  const operator = tokenFor('op-1', ['operator']);
  const alice = tokenFor('alice'); // admin
  const bob = tokenFor('bob'); // manager of Acme
  const carol = tokenFor('carol'); // member of Acme
  const dave = tokenFor('dave'); // member of Globex, removed later
  const at = (path: string) => `/v1/locations/${locationId}${path}`;
  const grant = (wallet: string, key: string, token = alice) =>
    api('POST', at(`${wallet}/credits/grants`), { token, headers: { 'idempotency-key': key }, body: { amount: '20.00', kind: 'permanent', reason: 'welcome' } });

  beforeAll(async () => {
    system = await startSystemUnderTest('e2e-plans');
    api = apiClient(system.gatewayUrl);
    membership = apiClient(system.membershipUrl);
    locationId = (await api('POST', '/v1/locations', { token: operator, body: { name: 'Mitte', currency: 'EUR', timezone: 'Europe/Berlin' } })).body.id;
    await api('POST', at('/members'), { token: operator, body: { userId: 'alice', role: 'admin' } });
    for (const userId of ['bob', 'carol', 'dave']) await api('POST', at('/members'), { token: alice, body: { userId, role: 'member' } });
    await api('PATCH', at('/settings'), { token: alice, body: { creditsEnabled: true } });
  });

  afterAll(async () => {
    await system?.stop();
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
    expect(granted.body.walletId).toBe(`wallet:${locationId}:company:${acme}`);

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
    const plan = {
      name: 'Flex',
      price: { amount: 9900, currency: 'EUR' },
      billingPeriod: { unit: 'month', count: 1 },
      allowance: '20.00',
      resourceDiscountPercent: 10,
      creditOptionDiscountPercent: 0,
      billPaymentEnabled: true,
    };
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

  it('refuses grants to a removed member, who keeps their history', async () => {
    expect((await grant('/users/dave', 'dave-1')).status).toBe(201);
    const removed = await api('DELETE', at('/members/dave'), { token: alice });
    expect(removed.body).toMatchObject({ userId: 'dave', status: 'removed' });
    const refused = await grant('/users/dave', 'dave-2');
    expect(refused.status).toBe(404);
    expect(refused.body.detail).toMatch(/not a member/);
    expect((await api('GET', at(`/companies/${globex}`), { token: alice })).body.members).toEqual([]);
    const history = await api('GET', at('/users/dave/credits/transactions'), { token: alice });
    expect(history.body.items).toHaveLength(1);
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
    await api('POST', at('/plan-assignments'), { token: alice, body: { holder: { type: 'company', id: acme }, planId: monthly } });

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

    // A minute past the period end on membership's clock: the scheduler ends it and starts the next.
    const moved = await membership('POST', '/internal/clock', { body: { offsetMs: Date.parse(period.endsAt) - Date.now() + 60_000 } });
    expect(moved.body.boundaries).toBe(2);
    const next = await api('GET', at('/users/carol/plan'), { token: carol });
    expect(next.body.currentPeriod.startsAt).toBe(period.endsAt);

    const expiredQuery = at(`/users/carol/credits/transactions?type=CreditsExpired`);
    const expired = await eventually(() => api('GET', expiredQuery, { token: carol }).then((r) => r.body.items), (items) => items.length === 1);
    expect(expired.map((item: { amount: string }) => item.amount)).toEqual(['-15.00']);
    const renewed = await eventually(carolWallet, (w) => w.lots.some((lot: { expiresAt: string }) => lot.expiresAt === next.body.currentPeriod.endsAt));
    expect(renewed.lots).toEqual([expect.objectContaining({ remaining: '20.00', expiresAt: next.body.currentPeriod.endsAt, source: 'plan' })]);
    const acmePeriod = (await api('GET', at(`/companies/${acme}/plan`), { token: carol })).body.currentPeriod;
    const acmeRenewed = await eventually(acmeWallet, (w) => w.lots.some((lot: { expiresAt: string }) => lot.expiresAt === acmePeriod.endsAt));
    expect(acmeRenewed).toMatchObject({ balance: '40.00', permanent: '20.00', expiring: '20.00' });
  });
});
