import { walletIdFor } from '@credits/contracts';
import { balanceOf } from '@credits/ledger-domain';
import type { Pool } from 'pg';
import { InternalWalletOperations } from '../internal-api/internal-wallet-operations';
import { locationCaller } from '../membership-projection/membership-projection.store';
import { authorizeLiabilityReport } from '../access/wallet-access';
import { liabilityRows } from '../view-liability-report/liability-report.store';
import { liabilityReportView } from '../view-liability-report/liability-report.view';
import { eventCount, grant, ledgerTestDatabase, seedLocation } from '../testing/ledger-test-database';
import type { WalletCommandExecutor } from '../wallets/wallet-command.executor';
import { loadWallet } from '../wallets/wallet.store';
import { spendRequest } from '../wallets/wallet-command.test-kit';
import { ExpiryScheduler } from './expiry.scheduler';

const LOCATION = 'loc-expiry';
const dana = { locationId: LOCATION, ownerType: 'user', ownerId: 'dana' } as const;
const walletId = walletIdFor(dana);
const T0 = new Date('2026-01-10T00:00:00.000Z');
const at = (days: number) => new Date(T0.getTime() + days * 86_400_000);

describe('expiry scheduler on real PostgreSQL', () => {
  let pool: Pool;
  let executor: WalletCommandExecutor;
  let clock = T0;
  const schedulers: ExpiryScheduler[] = [];
  const scheduler = () => {
    // Warnings off here: they have their own tests below.
    const created = new ExpiryScheduler({ pool, executor, now: () => clock, warningLeadMs: 0 });
    schedulers.push(created);
    return created;
  };

  beforeAll(async () => {
    ({ pool, executor } = await ledgerTestDatabase('ledger-expiry'));
    await seedLocation(pool, LOCATION, ['dana']);
    await grant(executor, dana, 'expiring-10', { amount: 1000, now: T0.toISOString(), expiresAt: at(5).toISOString(), unitPrice: { amount: 70, currency: 'EUR' } });
    await grant(executor, dana, 'bought-20', { amount: 2000, now: T0.toISOString(), unitPrice: { amount: 90, currency: 'EUR' } });
    await grant(executor, dana, 'bought-later', { amount: 500, now: T0.toISOString(), expiresAt: at(40).toISOString(), unitPrice: { amount: 80, currency: 'EUR' } });
    // What the hold handler runs (its HTTP slice is covered end to end).
    const hold = await new InternalWalletOperations(executor, pool).run(
      { walletId, callerId: 'booking', idempotencyKey: 'hold-1', now: T0 },
      {
        operation: 'hold',
        request: {},
        takesCredits: true,
        command: (base) => ({ type: 'HoldCredits', ...base, reason: 'check-in pending', holdId: 'hold-1', amount: 300, expiresAt: at(1).toISOString(), purpose: { resourceType: 'desk', reference: 'day-pass-1' } }),
      },
    );
    expect(hold.status).toBe(201);
  });

  afterAll(async () => {
    await Promise.all(schedulers.map((s) => s.stop()));
    await pool.end();
  });

  it('does nothing before anything is due', async () => {
    expect(await scheduler().runOnce()).toEqual({ ran: true, walletsDue: 0, walletsWarned: 0 });
    expect(await eventCount(pool, walletId, 'CreditsHoldReleased')).toBe(0);
  });

  it('releases the hold once its time is up', async () => {
    clock = at(2);
    expect(await scheduler().runOnce()).toEqual({ ran: true, walletsDue: 1, walletsWarned: 0 });
    expect(await eventCount(pool, walletId, 'CreditsHoldReleased')).toBe(1);
    expect(await eventCount(pool, walletId, 'CreditsExpired')).toBe(0);
    expect(balanceOf(await loadWallet(pool, walletId), clock.toISOString()).balance).toBe(3500);
  });

  it('expires a lot after downtime exactly once, even with two instances and a second run', async () => {
    clock = at(30);
    const runs = await Promise.all([scheduler().runOnce(), scheduler().runOnce()]);
    expect(runs.filter((run) => run.ran).length).toBeGreaterThanOrEqual(1);
    await scheduler().runOnce();
    expect(await eventCount(pool, walletId, 'CreditsExpired')).toBe(1);
    const expired = await pool.query(`SELECT data FROM ledger.events WHERE stream_id = $1 AND type = 'CreditsExpired'`, [walletId]);
    expect(expired.rows[0].data).toMatchObject({ amount: 1000, lots: [{ lotId: 'expiring-10', amount: 1000 }] });
    expect(balanceOf(await loadWallet(pool, walletId), clock.toISOString())).toMatchObject({ balance: 2500, expiring: 500, permanent: 2000 });
    // An expired lot leaves the wallet's row (snapshotOf); the breakage below is priced from its grant.
    expect((await loadWallet(pool, walletId)).lots.map((lot) => lot.lotId)).toEqual(['bought-20', 'bought-later']);
    const due = await pool.query(`SELECT next_due_at FROM ledger.wallets WHERE wallet_id = $1`, [walletId]);
    expect(due.rows[0].next_due_at.toISOString()).toBe(at(40).toISOString());
  });

  it('reports the liability valued at unit price and the breakage of the month', async () => {
    const report = liabilityReportView(await liabilityRows(pool, LOCATION, 'EUR', clock), LOCATION, 'EUR', clock);
    expect(report.outstanding).toMatchObject({ credits: '25.00', value: { amount: 20 * 90 + 5 * 80, currency: 'EUR' }, unvaluedCredits: '0.00' });
    expect(report.outstanding.byKind).toEqual([
      { kind: 'expiring', credits: '5.00', value: { amount: 400, currency: 'EUR' }, unvaluedCredits: '0.00' },
      { kind: 'permanent', credits: '20.00', value: { amount: 1800, currency: 'EUR' }, unvaluedCredits: '0.00' },
    ]);
    expect(report.outstanding.bySource.find((s) => s.source === 'purchase')).toMatchObject({ credits: '25.00' });
    expect(report.breakage).toEqual([{ month: '2026-02', credits: '10.00', value: { amount: 10 * 70, currency: 'EUR' }, unvaluedCredits: '0.00' }]);
  });

  it('shows the liability report to admins only: a member is refused, a removed member told they left, a stranger told nothing', async () => {
    await pool.query(`INSERT INTO ledger.members (location_id, user_id, role, active) VALUES ($1, 'ada', 'admin', true), ($1, 'leo', 'member', false)`, [LOCATION]);
    // What the report's query handler checks first, on what the membership projection says.
    const asked = async (userId: string) => authorizeLiabilityReport(await locationCaller(pool, LOCATION, userId), LOCATION, { userId, isOperator: false });
    await expect(asked('ada')).resolves.toMatchObject({ currency: 'EUR', caller_role: 'admin' });
    await expect(asked('dana')).rejects.toMatchObject({ status: 403, code: 'forbidden' });
    await expect(asked('leo')).rejects.toMatchObject({ status: 403, code: 'not-a-member' });
    await expect(asked('mallory')).rejects.toMatchObject({ status: 404 });
  });
});

describe('expiry warnings (CreditsExpiringSoon) on real PostgreSQL, with a moved clock', () => {
  const location = 'loc-warnings';
  const owner = (ownerId: string) => ({ locationId: location, ownerType: 'user', ownerId }) as const;
  const [erin, frank, gina] = [owner('erin'), owner('frank'), owner('gina')];
  let pool: Pool;
  let executor: WalletCommandExecutor;
  let clock = T0;
  const scheduler = () => new ExpiryScheduler({ pool, executor, now: () => clock });
  const warnings = async (wallet: typeof erin) =>
    (await pool.query(`SELECT data FROM ledger.events WHERE stream_id = $1 AND type = 'CreditsExpiringSoon'`, [walletIdFor(wallet)])).rows.map((row) => row.data);

  beforeAll(async () => {
    ({ pool, executor } = await ledgerTestDatabase('ledger-warnings'));
    await seedLocation(pool, location, ['erin', 'frank', 'gina']);
    const now = T0.toISOString();
    const periodEnd = at(30).toISOString();
    await grant(executor, erin, 'plan:p-erin', { amount: 2000, now, expiresAt: periodEnd, planPeriodId: 'p-erin' });
    await grant(executor, erin, 'gift-erin', { amount: 1000, now });
    await grant(executor, frank, 'plan:p-frank', { amount: 1000, now, expiresAt: periodEnd, planPeriodId: 'p-frank' });
    await grant(executor, gina, 'gift-gina', { amount: 300, now, expiresAt: at(20).toISOString() });
    // Erin uses part of her allowance, Frank all of his.
    expect((await executor.execute(spendRequest(erin, 500, 'spend-erin', at(1).toISOString()))).status).toBe(201);
    expect((await executor.execute(spendRequest(frank, 1000, 'spend-frank', at(1).toISOString()))).status).toBe(201);
  });

  afterAll(async () => {
    await pool.end();
  });

  it('gives no notice before the default lead of 3 days', async () => {
    clock = at(16);
    expect(await scheduler().runOnce()).toEqual({ ran: true, walletsDue: 0, walletsWarned: 0 });
  });

  it('warns of expiring credits without a period 3 days before their expiresAt', async () => {
    clock = at(17);
    expect(await scheduler().runOnce()).toEqual({ ran: true, walletsDue: 0, walletsWarned: 1 });
    expect(await warnings(gina)).toEqual([
      expect.objectContaining({ owner: gina, amount: 300, expiresAt: at(20).toISOString(), planPeriodId: null, lots: [{ lotId: 'gift-gina', amount: 300 }] }),
    ]);
  });

  it('warns once per wallet and period with what is left, none when nothing is left, even with two instances and a rerun', async () => {
    clock = at(27);
    const runs = await Promise.all([scheduler().runOnce(), scheduler().runOnce()]);
    expect(runs.filter((run) => run.ran).map((run) => run.walletsWarned)).toContain(1);
    expect(await scheduler().runOnce()).toEqual({ ran: true, walletsDue: 0, walletsWarned: 0 });
    clock = at(29);
    expect(await scheduler().runOnce()).toEqual({ ran: true, walletsDue: 0, walletsWarned: 0 });

    expect(await warnings(erin)).toEqual([
      {
        walletId: walletIdFor(erin),
        occurredAt: at(27).toISOString(),
        actor: { type: 'system', id: 'ledger-expiry-scheduler' },
        reason: 'credits expire soon',
        owner: erin,
        amount: 1500,
        expiresAt: at(30).toISOString(),
        planPeriodId: 'p-erin',
        lots: [{ lotId: 'plan:p-erin', amount: 1500 }],
      },
    ]);
    expect(await warnings(frank)).toEqual([]);
    expect(await warnings(gina)).toHaveLength(1);
    // A notice changes no balance.
    expect(balanceOf(await loadWallet(pool, walletIdFor(erin)), clock.toISOString())).toMatchObject({ balance: 2500, expiring: 1500 });
    const pending = await pool.query(`SELECT count(*)::int AS n FROM ledger.wallets WHERE next_warning_at IS NOT NULL AND location_id = $1`, [location]);
    expect(pending.rows[0].n).toBe(0);
  });
});
