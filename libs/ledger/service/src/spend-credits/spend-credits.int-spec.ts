import { walletIdFor } from '@credits/contracts';
import { ProblemException } from '@credits/platform/core';
import { balanceOf } from '@credits/ledger-domain';
import type { Pool } from 'pg';
import { eventCount, grant, ledgerTestDatabase, seedLocation } from '../testing/ledger-test-database';
import type { WalletCommandExecutor, WalletCommandResponse } from '../wallets/wallet-command.executor';
import { loadWallet } from '../wallets/wallet.store';
import { randomUUID } from 'node:crypto';
import { creditsField, InternalWalletOperations, type InternalCall } from '../internal-api/internal-wallet-operations';

const LOCATION = 'loc-spend';
const bob = { locationId: LOCATION, ownerType: 'user', ownerId: 'bob' } as const;
const walletId = walletIdFor(bob);
const spend = (amount: string, reference = 'booking-1') => ({ amount, purpose: { resourceType: 'room' as const, reference }, reason: 'room booking' });
const creditsOf = (text: string) => creditsField('amount', text);

describe('internal spend on real PostgreSQL', () => {
  let pool: Pool;
  let executor: WalletCommandExecutor;
  let operations: InternalWalletOperations;
  // What the spend and refund handlers run (their HTTP slices are covered end to end).
  const spendCredits = (call: InternalCall, request: ReturnType<typeof spend>): Promise<WalletCommandResponse> =>
    operations.run(call, {
      operation: 'spend',
      request,
      takesCredits: true,
      command: (base) => ({ type: 'SpendCredits', ...base, reason: request.reason, spendId: randomUUID(), amount: creditsOf(request.amount), purpose: request.purpose }),
    });
  const refundCredits = (call: InternalCall, request: { spendId: string; amount: string; reason: string }): Promise<WalletCommandResponse> =>
    operations.run(call, {
      operation: 'refund',
      request,
      takesCredits: false,
      command: (base) => ({ type: 'RefundSpend', ...base, reason: request.reason, refundId: randomUUID(), amount: creditsOf(request.amount), spendId: request.spendId }),
    });
  const call = (key: string, wallet = walletId) => ({ walletId: wallet, callerId: 'booking', idempotencyKey: key, now: new Date() });

  beforeAll(async () => {
    ({ pool, executor } = await ledgerTestDatabase('ledger-spend'));
    operations = new InternalWalletOperations(executor, pool);
    await seedLocation(pool, LOCATION, ['bob']);
    await grant(executor, bob, 'gift-100', { amount: 10000, now: new Date().toISOString() });
  });

  afterAll(async () => {
    await pool.end();
  });

  it('1,000 concurrent spends of 1.00 against 100.00: exactly 100 succeed, the rest get the shortfall, balance 0', async () => {
    const responses = await Promise.all(Array.from({ length: 1000 }, (_, i) => spendCredits(call(`spend-${i}`), spend('1.00', `b-${i}`))));
    const ok = responses.filter((r) => r.status === 201);
    const refused = responses.filter((r) => r.status === 409);
    expect(ok).toHaveLength(100);
    expect(refused).toHaveLength(900);
    expect(refused[0].body).toMatchObject({ shortfall: '1.00', available: '0.00' });
    expect(ok[0].body).toMatchObject({ amount: '1.00', lots: [{ lotId: 'gift-100', amount: '1.00' }] });
    expect(balanceOf(await loadWallet(pool, walletId), new Date().toISOString()).balance).toBe(0);
    expect(await eventCount(pool, walletId, 'CreditsSpent')).toBe(100);
  });

  it('100 concurrent retries of one key give one spend and the same answer; another body with that key is 422', async () => {
    await grant(executor, bob, 'gift-10', { amount: 1000, now: new Date().toISOString() });
    const before = await eventCount(pool, walletId, 'CreditsSpent');
    const responses = await Promise.all(Array.from({ length: 100 }, () => spendCredits(call('retried'), spend('2.00'))));
    expect(new Set(responses.map((r) => r.status))).toEqual(new Set([201]));
    expect(new Set(responses.map((r) => (r.body as { spendId: string }).spendId)).size).toBe(1);
    expect(responses.filter((r) => r.replayed)).toHaveLength(99);
    expect(await eventCount(pool, walletId, 'CreditsSpent')).toBe(before + 1);

    const other = spendCredits(call('retried'), spend('3.00'));
    await expect(other).rejects.toMatchObject({ status: 422, code: 'idempotency-key-reused' });
    expect(await eventCount(pool, walletId, 'CreditsSpent')).toBe(before + 1);
  });

  it('keeps the keys of two services apart even when they would read the same joined by ":"', async () => {
    const first = await spendCredits({ ...call('b:c'), callerId: 'a' }, spend('0.10'));
    const second = await spendCredits({ ...call('c'), callerId: 'a:b' }, spend('0.10'));
    expect([first.status, second.status, second.replayed]).toEqual([201, 201, false]);
    expect((second.body as { spendId: string }).spendId).not.toBe((first.body as { spendId: string }).spendId);
  });

  it('refunds a spend into its lot', async () => {
    const spent = await spendCredits(call('to-refund'), spend('4.00'));
    const { spendId } = spent.body as { spendId: string };
    const balance = balanceOf(await loadWallet(pool, walletId), new Date().toISOString()).balance;
    const refunded = await refundCredits(call('refund-1'), { spendId, amount: '1.50', reason: 'cancelled' });
    expect(refunded.status).toBe(201);
    expect(refunded.body).toMatchObject({ spendId, amount: '1.50', expiredAmount: '0.00', lots: [{ lotId: 'gift-10', amount: '1.50' }] });
    expect(balanceOf(await loadWallet(pool, walletId), new Date().toISOString()).balance).toBe(balance + 150);
  });

  it('refuses spending from the wallet of someone who is not an active member, writing nothing', async () => {
    const carol = walletIdFor({ locationId: LOCATION, ownerType: 'user', ownerId: 'carol' });
    const refused = spendCredits(call('carol-1', carol), spend('1.00'));
    await expect(refused).rejects.toBeInstanceOf(ProblemException);
    await expect(refused).rejects.toMatchObject({ status: 409, code: 'not-an-active-member' });
    expect(await eventCount(pool, carol, 'CreditsSpent')).toBe(0);
  });

  it('refuses spending from the wallet of an archived company, and allows it while the company is active', async () => {
    const acme = { locationId: LOCATION, ownerType: 'company', ownerId: 'acme' } as const;
    await pool.query(`INSERT INTO ledger.companies (location_id, company_id, active) VALUES ($1, 'acme', true)`, [LOCATION]);
    await grant(executor, acme, 'acme-gift', { amount: 500, now: new Date().toISOString() });
    expect((await spendCredits(call('acme-1', walletIdFor(acme)), spend('1.00'))).status).toBe(201);
    await pool.query(`UPDATE ledger.companies SET active = false WHERE location_id = $1 AND company_id = 'acme'`, [LOCATION]);
    const refused = spendCredits(call('acme-2', walletIdFor(acme)), spend('1.00'));
    await expect(refused).rejects.toMatchObject({ status: 409, code: 'not-an-active-member', detail: expect.stringMatching(/company acme is not an active company/) });
    expect(await eventCount(pool, walletIdFor(acme), 'CreditsSpent')).toBe(1);
  });
});
