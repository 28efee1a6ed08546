import { ledgerEventCount } from './support/ledger-database';
import { useLocationUnderTest } from './support/location-under-test';
import { tokenFor, type ApiResponse } from './support/system-under-test';

/**
 * Idempotent replays and wallet access end to end (issue 14 items 1 and 5, issue 15's wallet error
 * cases): gateway, ledger and membership as separate processes on real PostgreSQL and Kafka.
 */
describe('wallet access end to end: idempotent replays and error cases', () => {
  const sut = useLocationUnderTest('e2e-replay', ['bob', 'carol', 'dan', 'dave']);
  const { api, at, alice, operator } = sut;
  let acme: string;
  const amy = tokenFor('amy'); // another admin of the same location
  const bob = tokenFor('bob'); // member, of Acme too
  const carol = tokenFor('carol'); // another member
  const dan = tokenFor('dan'); // member, not of Acme
  const dave = tokenFor('dave'); // member, removed later
  const eve = tokenFor('eve'); // admin of another location
  const mallory = tokenFor('mallory'); // member of no location
  const post = (token: string, path: string, key: string, body: object) => api('POST', at(path), { token, headers: { 'idempotency-key': key }, body });

  const eventCount = () => ledgerEventCount(sut.system.databaseUrl);

  /** What a caller can tell apart: status, content type, replay header, body; the correlation id is each request's own. */
  const seen = ({ status, contentType, headers, body }: ApiResponse) => {
    const { correlationId: _ownId, ...rest } = body as Record<string, unknown>;
    return { status, contentType, replayed: headers.get('idempotent-replayed'), body: rest };
  };

  beforeAll(async () => {
    const other = (await api('POST', '/v1/locations', { token: operator, body: { name: 'Kreuzberg', currency: 'EUR', timezone: 'Europe/Berlin' } })).body.id;
    expect((await api('POST', `/v1/locations/${other}/members`, { token: operator, body: { userId: 'eve', role: 'admin' } })).status).toBe(201);
    expect((await api('POST', at('/members'), { token: operator, body: { userId: 'amy', role: 'admin' } })).status).toBe(201);
    acme = (await api('POST', at('/companies'), { token: alice, body: { name: 'Acme' } })).body.id;
    expect((await api('POST', at(`/companies/${acme}/members`), { token: alice, body: { userId: 'bob' } })).status).toBe(201);
  });

  const grant = { amount: '20.00', kind: 'permanent', reason: 'Welcome' };
  const deduction = { amount: '2.00', kind: 'any', reason: 'No-show' };

  it('gives each caller who may not make the request the same refusal with a used key, another body and an unused key, and no wallet data', async () => {
    const used = [
      { wallet: '/users/bob/credits', operation: '/grants', key: 'bob-welcome', body: grant },
      { wallet: '/users/bob/credits', operation: '/deductions', key: 'bob-no-show', body: deduction },
      { wallet: `/companies/${acme}/credits`, operation: '/grants', key: 'acme-welcome', body: grant },
      { wallet: `/companies/${acme}/credits`, operation: '/deductions', key: 'acme-no-show', body: deduction },
    ];
    for (const { wallet, operation, key, body } of used) expect((await post(alice, wallet + operation, key, body)).status).toBe(201);
    const events = await eventCount();

    const attackers = [
      { who: 'a user of no location', token: mallory, wallets: ['/users/bob/credits', `/companies/${acme}/credits`], status: 404 },
      { who: "another location's admin", token: eve, wallets: ['/users/bob/credits', `/companies/${acme}/credits`], status: 404 },
      { who: 'another member', token: carol, wallets: ['/users/bob/credits'], status: 403 },
      { who: 'a company outsider', token: dan, wallets: [`/companies/${acme}/credits`], status: 403 },
      // The company's own member is no admin either.
      { who: 'a member of the company', token: bob, wallets: [`/companies/${acme}/credits`], status: 403 },
    ];
    for (const [index, { who, token, wallets, status }] of attackers.entries()) {
      for (const { wallet, operation, key, body } of used.filter((attempt) => wallets.includes(attempt.wallet))) {
        const withUsedKey = seen(await post(token, wallet + operation, key, body));
        const withOtherBody = seen(await post(token, wallet + operation, key, { ...body, amount: '99.00' }));
        const withUnusedKey = seen(await post(token, wallet + operation, `${key}-unused-${index}`, body));
        expect({ who, wallet, operation, ...withUsedKey }).toEqual({
          who,
          wallet,
          operation,
          status,
          contentType: expect.stringContaining('application/problem+json'),
          replayed: null,
          body: expect.objectContaining({ status }),
        });
        expect(withOtherBody).toEqual(withUsedKey);
        expect(withUnusedKey).toEqual(withUsedKey);
        for (const field of ['balance', 'lots', 'eventIds', 'walletId', 'permanent', 'expiring']) expect(withUsedKey.body).not.toHaveProperty(field);
      }
    }
    // The strangers were told the location does not exist, the members that only admins give or deduct.
    expect(seen(await post(eve, '/users/bob/credits/grants', 'bob-welcome', grant)).body.detail).toBe(`location ${sut.locationId} does not exist`);
    expect(seen(await post(carol, '/users/bob/credits/grants', 'bob-welcome', grant)).body.detail).toBe('only location admins can give or deduct credits');
    expect(await eventCount()).toBe(events);
  });

  it('replays to the caller who was answered, and refuses another admin with the same key and body (422), once authorized', async () => {
    const first = await post(alice, '/users/bob/credits/grants', 'bob-bonus', { amount: '1.00', kind: 'permanent', reason: 'Bonus' });
    expect(first.status).toBe(201);
    const events = await eventCount();

    const retry = await post(alice, '/users/bob/credits/grants', 'bob-bonus', { amount: '1.00', kind: 'permanent', reason: 'Bonus' });
    expect([retry.status, retry.headers.get('idempotent-replayed')]).toEqual([201, 'true']);
    expect(retry.body).toEqual(first.body);

    const byAmy = await post(amy, '/users/bob/credits/grants', 'bob-bonus', { amount: '1.00', kind: 'permanent', reason: 'Bonus' });
    expect(byAmy.status).toBe(422);
    expect(byAmy.body.type).toMatch(/idempotency-key-reused$/);
    expect(byAmy.body).not.toHaveProperty('balance');
    expect(await eventCount()).toBe(events);
  });

  it('replays a retry that means the same: fields in another order, "1.0" for "1.00"', async () => {
    const first = await post(alice, '/users/bob/credits/grants', 'bob-gift', { amount: '1.00', kind: 'expiring', expiresAt: '2099-01-01T00:00:00Z', reason: 'Gift' });
    expect(first.status).toBe(201);
    const events = await eventCount();
    const retries = [
      { reason: 'Gift', expiresAt: '2099-01-01T00:00:00Z', kind: 'expiring', amount: '1.0' },
      { expiresAt: '2099-01-01T00:00:00.000Z', amount: '1', reason: 'Gift', kind: 'expiring' },
    ];
    for (const body of retries) {
      const retry = await post(alice, '/users/bob/credits/grants', 'bob-gift', body);
      expect([retry.status, retry.headers.get('idempotent-replayed'), retry.body]).toEqual([201, 'true', first.body]);
    }
    const deducted = await post(alice, '/users/bob/credits/deductions', 'bob-fee', { amount: '0.50', kind: 'expiring', reason: 'Fee' });
    expect(deducted.status).toBe(201);
    const again = await post(alice, '/users/bob/credits/deductions', 'bob-fee', { kind: 'expiring', reason: 'Fee', amount: '0.5' });
    expect([again.status, again.headers.get('idempotent-replayed'), again.body]).toEqual([201, 'true', deducted.body]);
    // Another meaning under a used key is still refused.
    expect((await post(alice, '/users/bob/credits/deductions', 'bob-fee', { kind: 'expiring', reason: 'Fee', amount: '0.51' })).status).toBe(422);
    expect(await eventCount()).toBe(events + 1);
  });

  describe('wallet error cases answer what they mean', () => {
    it('tells a removed member they are not a member any more (403), while strangers still learn nothing (404)', async () => {
      expect((await post(alice, '/users/dave/credits/grants', 'dave-welcome', { amount: '5.00', kind: 'permanent', reason: 'Welcome' })).status).toBe(201);
      expect((await api('GET', at('/users/dave/credits'), { token: dave })).body.balance).toBe('5.00');
      expect((await api('DELETE', at('/members/dave'), { token: alice })).status).toBe(200);

      for (const path of ['/users/dave/credits', '/users/dave/credits/transactions']) {
        const refused = await api('GET', at(path), { token: dave });
        expect([refused.status, refused.body.type, refused.body.detail]).toEqual([
          403,
          expect.stringMatching(/not-a-member$/),
          `you are no longer a member of location ${sut.locationId}`,
        ]);
      }
      const stranger = await api('GET', at('/users/dave/credits'), { token: tokenFor('mallory') });
      expect([stranger.status, stranger.body.detail]).toEqual([404, `location ${sut.locationId} does not exist`]);
      // Admins keep the removed member's wallet in view, and can take back what is left.
      expect((await api('GET', at('/users/dave/credits'), { token: alice })).body.balance).toBe('5.00');
      const deducted = await post(alice, '/users/dave/credits/deductions', 'dave-leftovers', { amount: '5.00', kind: 'any', reason: 'Left' });
      expect([deducted.status, deducted.body.balance]).toEqual([201, '0.00']);
      // A removed member gets nothing more.
      expect((await post(alice, '/users/dave/credits/grants', 'dave-again', { amount: '5.00', kind: 'permanent', reason: 'Again' })).status).toBe(404);
    });

    it('answers 404 for the wallet of someone who never was a member, for reads as for grants', async () => {
      const refusedGrant = await post(alice, '/users/nobody/credits/grants', 'nobody-welcome', { amount: '5.00', kind: 'permanent', reason: 'Welcome' });
      for (const path of ['/users/nobody/credits', '/users/nobody/credits/transactions']) {
        const read = await api('GET', at(path), { token: alice });
        expect([read.status, read.body.detail]).toEqual([404, `nobody is not a member of location ${sut.locationId}`]);
        expect(read.body.detail).toBe(refusedGrant.body.detail);
      }
      expect(refusedGrant.status).toBe(404);
      expect((await api('GET', at('/users/nobody/credits'), { token: operator })).status).toBe(404);
    });

    it('lets admins read and deduct an archived company’s remaining credits, and refuses new grants to it', async () => {
      const initech = (await api('POST', at('/companies'), { token: alice, body: { name: 'Initech' } })).body.id;
      const wallet = `/companies/${initech}/credits`;
      expect((await post(alice, `${wallet}/grants`, 'initech-welcome', { amount: '20.00', kind: 'permanent', reason: 'Welcome' })).status).toBe(201);
      expect((await api('POST', at(`/companies/${initech}/archive`), { token: alice })).body.status).toBe('archived');

      expect((await api('GET', at(wallet), { token: alice })).body.balance).toBe('20.00');
      const deducted = await post(alice, `${wallet}/deductions`, 'initech-closing', { amount: '15.00', kind: 'any', reason: 'Company closed' });
      expect([deducted.status, deducted.body.balance]).toEqual([201, '5.00']);
      const history = await api('GET', at(`${wallet}/transactions`), { token: alice });
      expect(history.body.items.map((item: { type: string }) => item.type)).toEqual(['CreditsDeducted', 'CreditsGranted']);

      const refused = await post(alice, `${wallet}/grants`, 'initech-after-archive', { amount: '1.00', kind: 'permanent', reason: 'Late' });
      expect([refused.status, refused.body.detail]).toEqual([404, `company ${initech} is not an active company of location ${sut.locationId}`]);
      const unknown = await api('GET', at('/companies/00000000-0000-4000-8000-000000000000/credits'), { token: alice });
      expect([unknown.status, unknown.body.detail]).toEqual([404, 'company 00000000-0000-4000-8000-000000000000 does not exist']);
    });
  });
});
