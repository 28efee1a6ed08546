import { ADMIN, DAY, HOUR, OWNER, PURPOSE, SYSTEM, T0, command, ev, given, t } from './testing/given-when-then.test-kit';
import { decide } from './wallet.decider';
import { balanceOf } from './wallet.queries';

// Lots used across tests: a permanent gift and a plan allowance ending after 30 days.
const gift = ev.granted({ lotId: 'gift', amount: 1000 });
const plan = ev.granted({ lotId: 'plan-1', amount: 5000, expiresAt: t(30 * DAY), planPeriodId: 'period-1' });

describe('decide: common checks', () => {
  it('rejects a command for another wallet', () => {
    given().when(command('GrantCredits', { lotId: 'l', amount: 100, kind: 'permanent', source: 'admin' })).then([
      ev.granted({ lotId: 'l', amount: 100 }),
    ]);
    given()
      .when({ ...command('GrantCredits', { lotId: 'l', amount: 100, kind: 'permanent', source: 'admin' }), walletId: 'wallet:x:user:y' })
      .then({ type: 'wallet-mismatch', expected: 'wallet:loc-1:user:u-1', actual: 'wallet:x:user:y' });
  });

  it.each(['2025-02-30T00:00:00Z', '2025-01-01T00:00:00', '2025-01-01 00:00:00Z', ''])('rejects now = %j', (now) => {
    given().when(command('SpendCredits', { spendId: 's', amount: 1, purpose: PURPOSE, now })).then({ type: 'invalid-command', field: 'now' });
  });

  it('requires a reason and a well-formed actor (R18)', () => {
    given(gift).when(command('SpendCredits', { spendId: 's', amount: 1, purpose: PURPOSE, reason: '  ' })).then({
      type: 'invalid-command',
      field: 'reason',
    });
    given(gift)
      .when(command('SpendCredits', { spendId: 's', amount: 1, purpose: PURPOSE, actor: { type: 'robot', id: 'x' } as never }))
      .then({ type: 'invalid-command', field: 'actor' });
    given(gift)
      .when(command('SpendCredits', { spendId: 's', amount: 1, purpose: PURPOSE, actor: { type: 'user', id: '' } }))
      .then({ type: 'invalid-command', field: 'actor' });
  });

  it('throws on an unknown command type (exhaustive switch)', () => {
    const { state } = given();
    expect(() => decide({ ...command('ExpireHolds', {}), type: 'Teleport' } as never, state)).toThrow(/unknown ledger command/);
  });
});

describe('GrantCredits', () => {
  it('adds a permanent lot', () => {
    given()
      .when(command('GrantCredits', { lotId: 'gift', amount: 1000, kind: 'permanent', source: 'admin', reason: 'welcome' }))
      .then([ev.granted({ lotId: 'gift', amount: 1000, reason: 'welcome' })]);
  });

  it('adds an expiring plan lot with its period', () => {
    const state = given()
      .when(
        command('GrantCredits', {
          lotId: 'plan-1',
          amount: 5000,
          kind: 'expiring',
          source: 'plan',
          expiresAt: t(30 * DAY),
          planPeriodId: 'period-1',
          actor: SYSTEM,
        }),
      )
      .then([ev.granted({ lotId: 'plan-1', amount: 5000, expiresAt: t(30 * DAY), planPeriodId: 'period-1', actor: SYSTEM })]);
    expect(balanceOf(state, T0)).toMatchObject({ balance: 5000, expiring: 5000, permanent: 0 });
  });

  it('remembers the unit price of bought credits', () => {
    const unitPrice = { amount: 95, currency: 'EUR' };
    given()
      .when(command('GrantCredits', { lotId: 'buy-1', amount: 10_000, kind: 'permanent', source: 'purchase', unitPrice }))
      .then([ev.granted({ lotId: 'buy-1', amount: 10_000, source: 'purchase', unitPrice })]);
  });

  it.each([0, -100, 12.5, Number.NaN, Number.MAX_SAFE_INTEGER + 1, '1250'])('rejects amount %p', (amount) => {
    given()
      .when(command('GrantCredits', { lotId: 'l', amount: amount as number, kind: 'permanent', source: 'admin' }))
      .then({ type: 'invalid-amount' });
  });

  it('rejects an expiring grant without expiry, or expiring at or before now', () => {
    const grant = (expiresAt: string | undefined) =>
      command('GrantCredits', { lotId: 'l', amount: 100, kind: 'expiring', source: 'admin', expiresAt, now: t(10) });
    given().when(grant(undefined)).then({ type: 'invalid-expiry' });
    given().when(grant('next month')).then({ type: 'invalid-expiry' });
    given().when(grant(t(10))).then({ type: 'invalid-expiry', expiresAt: t(10), now: t(10) });
    given().when(grant(t(5))).then({ type: 'invalid-expiry' });
    given().when(grant(t(11))).then([ev.granted({ lotId: 'l', amount: 100, expiresAt: t(11), source: 'admin', at: t(10) })]);
  });

  it('rejects a permanent grant with an expiry', () => {
    given()
      .when(command('GrantCredits', { lotId: 'l', amount: 100, kind: 'permanent', source: 'admin', expiresAt: t(DAY) }))
      .then({ type: 'invalid-expiry', detail: expect.stringMatching(/permanent credits never expire/) });
  });

  it('rejects a reused lot id', () => {
    given(gift)
      .when(command('GrantCredits', { lotId: 'gift', amount: 100, kind: 'permanent', source: 'admin' }))
      .then({ type: 'duplicate-id', idKind: 'lot', id: 'gift' });
  });

  it('rejects a malformed unit price, kind or source', () => {
    const grant = { lotId: 'l', amount: 100, kind: 'permanent' as const, source: 'purchase' as const };
    given().when(command('GrantCredits', { ...grant, unitPrice: { amount: 0.95, currency: 'EUR' } })).then({ type: 'invalid-command', field: 'unitPrice' });
    given().when(command('GrantCredits', { ...grant, unitPrice: { amount: 95, currency: 'eur' } })).then({ type: 'invalid-command', field: 'unitPrice' });
    given().when(command('GrantCredits', { ...grant, kind: 'forever' as never })).then({ type: 'invalid-command', field: 'kind' });
    given().when(command('GrantCredits', { ...grant, source: 'lottery' as never })).then({ type: 'invalid-command', field: 'source' });
  });

  it('refuses to let a wallet grow beyond safe integers', () => {
    given(ev.granted({ lotId: 'big', amount: Number.MAX_SAFE_INTEGER - 10 }))
      .when(command('GrantCredits', { lotId: 'l', amount: 11, kind: 'permanent', source: 'admin' }))
      .then({ type: 'invalid-amount', detail: expect.stringMatching(/cannot hold/) });
  });
});

describe('DeductCredits (R6)', () => {
  const older = ev.granted({ lotId: 'perm-old', amount: 300, at: t(0) });
  const newer = ev.granted({ lotId: 'perm-new', amount: 300, at: t(1) });
  const soon = ev.granted({ lotId: 'exp-soon', amount: 200, expiresAt: t(2 * DAY), at: t(2) });
  const late = ev.granted({ lotId: 'exp-late', amount: 200, expiresAt: t(9 * DAY), at: t(3) });
  const wallet = [late, newer, soon, older];

  it('deducts permanent credits only, oldest first', () => {
    given(wallet)
      .when(command('DeductCredits', { deductionId: 'd1', kind: 'permanent', amount: 400, now: t(10) }))
      .then([ev.deducted({ deductionId: 'd1', kind: 'permanent', lots: [['perm-old', 300], ['perm-new', 100]], at: t(10) })]);
  });

  it('deducts expiring credits only, soonest expiry first', () => {
    given(wallet)
      .when(command('DeductCredits', { deductionId: 'd1', kind: 'expiring', amount: 250, now: t(10) }))
      .then([ev.deducted({ deductionId: 'd1', kind: 'expiring', lots: [['exp-soon', 200], ['exp-late', 50]], at: t(10) })]);
  });

  it('deducts any credits in spending order', () => {
    given(wallet)
      .when(command('DeductCredits', { deductionId: 'd1', kind: 'any', amount: 700, now: t(10) }))
      .then([ev.deducted({ deductionId: 'd1', kind: 'any', lots: [['exp-soon', 200], ['exp-late', 200], ['perm-old', 300]], at: t(10) })]);
  });

  it('rejects a deduction of a kind with zero balance, with the shortfall', () => {
    given(gift)
      .when(command('DeductCredits', { deductionId: 'd1', kind: 'expiring', amount: 500 }))
      .then({ type: 'insufficient-credits', requested: 500, available: 0, shortfall: 500, detail: expect.stringMatching(/5\.00 more/) });
  });

  it('never goes below zero: held and past-expiry credits cannot be deducted', () => {
    const hold = ev.held({ holdId: 'h1', lots: [['gift', 400]], expiresAt: t(HOUR) });
    const stale = ev.granted({ lotId: 'stale', amount: 900, expiresAt: t(30) });
    given(gift, hold, stale)
      .when(command('DeductCredits', { deductionId: 'd1', kind: 'any', amount: 601, now: t(30) }))
      .then({ type: 'insufficient-credits', requested: 601, available: 600, shortfall: 1 });
    given(gift, hold, stale)
      .when(command('DeductCredits', { deductionId: 'd1', kind: 'any', amount: 600, now: t(30) }))
      .then([ev.deducted({ deductionId: 'd1', lots: [['gift', 600]], at: t(30) })]);
  });

  it('rejects a reused deduction id and a bad amount', () => {
    const first = ev.deducted({ deductionId: 'd1', kind: 'permanent', lots: [['gift', 100]] });
    given(gift, first).when(command('DeductCredits', { deductionId: 'd1', kind: 'permanent', amount: 100 })).then({
      type: 'duplicate-id',
      idKind: 'deduction',
    });
    given(gift).when(command('DeductCredits', { deductionId: 'd2', kind: 'permanent', amount: 0 })).then({ type: 'invalid-amount' });
    given(gift).when(command('DeductCredits', { deductionId: 'd2', kind: 'all' as never, amount: 1 })).then({
      type: 'invalid-command',
      field: 'kind',
    });
  });
});

describe('SpendCredits (R7)', () => {
  it('takes expiring lots soonest expiry first, then permanent lots oldest first', () => {
    const history = [
      ev.granted({ lotId: 'perm-b', amount: 100, at: t(5) }),
      ev.granted({ lotId: 'exp-late', amount: 100, expiresAt: t(20 * DAY), at: t(1) }),
      ev.granted({ lotId: 'perm-a', amount: 100, at: t(2) }),
      ev.granted({ lotId: 'exp-soon', amount: 100, expiresAt: t(10 * DAY), at: t(3) }),
      ev.granted({ lotId: 'exp-tie-new', amount: 100, expiresAt: t(20 * DAY), at: t(4) }),
    ];
    const state = given(history)
      .when(command('SpendCredits', { spendId: 's1', amount: 450, purpose: PURPOSE, now: t(10) }))
      .then([
        ev.spent({
          spendId: 's1',
          at: t(10),
          lots: [['exp-soon', 100], ['exp-late', 100], ['exp-tie-new', 100], ['perm-a', 100], ['perm-b', 50]],
        }),
      ]);
    expect(balanceOf(state, t(10)).lots).toEqual([{ lotId: 'perm-b', kind: 'permanent', remaining: 50, expiresAt: null, source: 'admin' }]);
  });

  it('is all or nothing and says how much is missing', () => {
    given(gift, plan)
      .when(command('SpendCredits', { spendId: 's1', amount: 6001, purpose: PURPOSE }))
      .then({ type: 'insufficient-credits', requested: 6001, available: 6000, shortfall: 1, detail: expect.stringMatching(/0\.01 more/) });
  });

  it('cannot use a lot at the exact instant it expires', () => {
    const lot = ev.granted({ lotId: 'exp', amount: 500, expiresAt: '2025-01-31T00:00:00.000Z' });
    given(lot)
      .when(command('SpendCredits', { spendId: 's1', amount: 500, purpose: PURPOSE, now: '2025-01-31T00:00:00.000Z' }))
      .then({ type: 'insufficient-credits', requested: 500, available: 0, shortfall: 500 });
    given(lot)
      .when(command('SpendCredits', { spendId: 's1', amount: 500, purpose: PURPOSE, now: '2025-01-30T23:59:59.999Z' }))
      .then([ev.spent({ spendId: 's1', lots: [['exp', 500]], at: '2025-01-30T23:59:59.999Z' })]);
  });

  it('falls through to permanent credits when the expiring lot has just expired', () => {
    const lot = ev.granted({ lotId: 'exp', amount: 500, expiresAt: t(60) });
    given(gift, lot)
      .when(command('SpendCredits', { spendId: 's1', amount: 800, purpose: PURPOSE, now: t(60) }))
      .then([ev.spent({ spendId: 's1', lots: [['gift', 800]], at: t(60) })]);
  });

  it('rejects a reused spend id, a bad amount and a bad purpose', () => {
    const first = ev.spent({ spendId: 's1', lots: [['gift', 100]] });
    given(gift, first).when(command('SpendCredits', { spendId: 's1', amount: 100, purpose: PURPOSE })).then({
      type: 'duplicate-id',
      idKind: 'spend',
      id: 's1',
    });
    given(gift).when(command('SpendCredits', { spendId: 's2', amount: -1, purpose: PURPOSE })).then({ type: 'invalid-amount', amount: -1 });
    given(gift)
      .when(command('SpendCredits', { spendId: 's2', amount: 1, purpose: { resourceType: 'car' as never, reference: 'x' } }))
      .then({ type: 'invalid-command', field: 'purpose' });
    given(gift).when(command('SpendCredits', { spendId: '', amount: 1, purpose: PURPOSE })).then({ type: 'invalid-command', field: 'spendId' });
  });

  it('treats ids like "__proto__" as plain ids', () => {
    const state = given(gift)
      .when(command('SpendCredits', { spendId: '__proto__', amount: 100, purpose: PURPOSE }))
      .then([ev.spent({ spendId: '__proto__', lots: [['gift', 100]] })]);
    expect(decide(command('SpendCredits', { spendId: 'constructor', amount: 100, purpose: PURPOSE }), state).ok).toBe(true);
    expect(decide(command('SpendCredits', { spendId: '__proto__', amount: 100, purpose: PURPOSE }), state)).toMatchObject({
      ok: false,
      rejection: { type: 'duplicate-id' },
    });
  });
});

describe('HoldCredits', () => {
  it('reserves credits in spending order; held credits are not spendable elsewhere', () => {
    const state = given(gift, plan)
      .when(command('HoldCredits', { holdId: 'h1', amount: 5500, expiresAt: t(HOUR), purpose: PURPOSE }))
      .then([ev.held({ holdId: 'h1', lots: [['plan-1', 5000], ['gift', 500]], expiresAt: t(HOUR) })]);
    expect(balanceOf(state, T0)).toMatchObject({ balance: 500, held: 5500 });
    expect(decide(command('SpendCredits', { spendId: 's1', amount: 600, purpose: PURPOSE }), state)).toMatchObject({
      ok: false,
      rejection: { type: 'insufficient-credits', available: 500, shortfall: 100 },
    });
  });

  it('rejects an expiry that is not after now', () => {
    given(gift).when(command('HoldCredits', { holdId: 'h1', amount: 100, expiresAt: T0, purpose: PURPOSE })).then({ type: 'invalid-expiry' });
  });

  it('is all or nothing', () => {
    given(gift)
      .when(command('HoldCredits', { holdId: 'h1', amount: 1500, expiresAt: t(HOUR), purpose: PURPOSE }))
      .then({ type: 'insufficient-credits', shortfall: 500 });
  });

  it('rejects a reused hold id', () => {
    given(gift, ev.held({ holdId: 'h1', lots: [['gift', 100]], expiresAt: t(HOUR) }))
      .when(command('HoldCredits', { holdId: 'h1', amount: 100, expiresAt: t(HOUR), purpose: PURPOSE }))
      .then({ type: 'duplicate-id', idKind: 'hold' });
  });
});

describe('CaptureHold', () => {
  const hold = ev.held({ holdId: 'h1', lots: [['plan-1', 5000], ['gift', 500]], expiresAt: t(HOUR) });

  it('captures a whole hold', () => {
    const state = given(gift, plan, hold)
      .when(command('CaptureHold', { holdId: 'h1', now: t(30) }))
      .then([ev.captured({ holdId: 'h1', lots: [['plan-1', 5000], ['gift', 500]], at: t(30) })]);
    expect(balanceOf(state, t(30))).toMatchObject({ balance: 500, held: 0 });
  });

  it('captures part of a hold and releases the rest', () => {
    const state = given(gift, plan, hold)
      .when(command('CaptureHold', { holdId: 'h1', amount: 4000, now: t(30) }))
      .then([ev.captured({ holdId: 'h1', lots: [['plan-1', 4000]], released: [['plan-1', 1000], ['gift', 500]], at: t(30) })]);
    expect(balanceOf(state, t(30))).toMatchObject({ balance: 2000, expiring: 1000, permanent: 1000, held: 0 });
  });

  it('loses the race against the hold timeout: at expiresAt the capture is rejected and ExpireHolds releases', () => {
    given(gift, plan, hold)
      .when(command('CaptureHold', { holdId: 'h1', now: t(HOUR) }))
      .then({ type: 'hold-expired', holdId: 'h1', expiresAt: t(HOUR) });
    const afterTimeout = given(gift, plan, hold)
      .when(command('ExpireHolds', { now: t(HOUR), actor: SYSTEM }))
      .then([ev.released({ holdId: 'h1', lots: [['plan-1', 5000], ['gift', 500]], timedOut: true, at: t(HOUR), actor: SYSTEM })]);
    expect(balanceOf(afterTimeout, t(HOUR))).toMatchObject({ balance: 6000, held: 0 });
    given(gift, plan, hold, ev.released({ holdId: 'h1', lots: [['plan-1', 5000], ['gift', 500]], timedOut: true }))
      .when(command('CaptureHold', { holdId: 'h1', now: t(HOUR) }))
      .then({ type: 'hold-not-open', status: 'released' });
  });

  it('wins the race one millisecond before the timeout', () => {
    given(gift, plan, hold)
      .when(command('CaptureHold', { holdId: 'h1', now: '2025-01-01T00:59:59.999Z' }))
      .then([ev.captured({ holdId: 'h1', lots: [['plan-1', 5000], ['gift', 500]], at: '2025-01-01T00:59:59.999Z' })]);
  });

  it('captures credits whose lot expired after they were held; released ones into that lot expire at once', () => {
    const shortLot = ev.granted({ lotId: 'short', amount: 300, expiresAt: t(10) });
    const longHold = ev.held({ holdId: 'h2', lots: [['short', 300], ['gift', 200]], expiresAt: t(HOUR) });
    given(gift, shortLot, longHold)
      .when(command('CaptureHold', { holdId: 'h2', amount: 100, now: t(20) }))
      .then([ev.captured({ holdId: 'h2', lots: [['short', 100]], released: [['short', 200, 200], ['gift', 200]], at: t(20) })]);
  });

  it('rejects unknown, closed and over-sized captures', () => {
    given(gift, plan, hold).when(command('CaptureHold', { holdId: 'nope' })).then({ type: 'hold-not-found', holdId: 'nope' });
    given(gift, plan, hold, ev.captured({ holdId: 'h1', lots: [['plan-1', 5000], ['gift', 500]] }))
      .when(command('CaptureHold', { holdId: 'h1' }))
      .then({ type: 'hold-not-open', status: 'captured' });
    given(gift, plan, hold).when(command('CaptureHold', { holdId: 'h1', amount: 5501 })).then({
      type: 'capture-exceeds-hold',
      requested: 5501,
      held: 5500,
    });
    given(gift, plan, hold).when(command('CaptureHold', { holdId: 'h1', amount: 0 })).then({ type: 'invalid-amount' });
  });
});

describe('ReleaseHold', () => {
  const hold = ev.held({ holdId: 'h1', lots: [['plan-1', 5000], ['gift', 500]], expiresAt: t(HOUR) });

  it('gives the held credits back to their lots', () => {
    const state = given(gift, plan, hold)
      .when(command('ReleaseHold', { holdId: 'h1', now: t(5) }))
      .then([ev.released({ holdId: 'h1', lots: [['plan-1', 5000], ['gift', 500]], at: t(5) })]);
    expect(balanceOf(state, t(5))).toMatchObject({ balance: 6000, held: 0 });
  });

  it('expires at once what goes back to a lot that has expired', () => {
    const shortLot = ev.granted({ lotId: 'short', amount: 300, expiresAt: t(10) });
    const shortHold = ev.held({ holdId: 'h2', lots: [['short', 300]], expiresAt: t(HOUR) });
    const state = given(shortLot, shortHold)
      .when(command('ReleaseHold', { holdId: 'h2', now: t(10) }))
      .then([ev.released({ holdId: 'h2', lots: [['short', 300, 300]], at: t(10) })]);
    expect(balanceOf(state, t(10))).toMatchObject({ balance: 0, held: 0 });
  });

  it('rejects unknown and closed holds', () => {
    given(gift).when(command('ReleaseHold', { holdId: 'h1' })).then({ type: 'hold-not-found' });
    given(gift, plan, hold, ev.released({ holdId: 'h1', lots: [['plan-1', 5000], ['gift', 500]] }))
      .when(command('ReleaseHold', { holdId: 'h1' }))
      .then({ type: 'hold-not-open', status: 'released' });
  });
});

describe('ExpireHolds', () => {
  it('releases exactly the open holds whose expiresAt <= now', () => {
    const history = [
      gift,
      ev.held({ holdId: 'due', lots: [['gift', 100]], expiresAt: t(30) }),
      ev.held({ holdId: 'later', lots: [['gift', 100]], expiresAt: t(31) }),
      ev.held({ holdId: 'done', lots: [['gift', 100]], expiresAt: t(10) }),
      ev.captured({ holdId: 'done', lots: [['gift', 100]] }),
    ];
    given(history)
      .when(command('ExpireHolds', { now: t(30), actor: SYSTEM }))
      .then([ev.released({ holdId: 'due', lots: [['gift', 100]], timedOut: true, at: t(30), actor: SYSTEM })]);
  });

  it('is a no-op when nothing is due', () => {
    given(gift).when(command('ExpireHolds', {})).then([]);
  });
});

describe('RefundSpend (R9)', () => {
  const mixed = [
    gift,
    plan,
    ev.spent({ spendId: 's1', lots: [['plan-1', 5000], ['gift', 400]], at: t(10) }),
  ];

  it('gives a whole spend back to the lots it came from', () => {
    const state = given(mixed)
      .when(command('RefundSpend', { refundId: 'r1', spendId: 's1', now: t(20) }))
      .then([ev.refunded({ refundId: 'r1', spendId: 's1', lots: [['gift', 400], ['plan-1', 5000]], at: t(20) })]);
    expect(balanceOf(state, t(20))).toMatchObject({ balance: 6000, permanent: 1000, expiring: 5000 });
  });

  it('refunds part, undoing the spend from its end', () => {
    given(mixed)
      .when(command('RefundSpend', { refundId: 'r1', spendId: 's1', amount: 1000, now: t(20) }))
      .then([ev.refunded({ refundId: 'r1', spendId: 's1', lots: [['gift', 400], ['plan-1', 600]], at: t(20) })]);
  });

  it('never refunds more than was spent', () => {
    const partial = ev.refunded({ refundId: 'r1', spendId: 's1', lots: [['gift', 400], ['plan-1', 600]] });
    given(mixed, partial)
      .when(command('RefundSpend', { refundId: 'r2', spendId: 's1', amount: 4401 }))
      .then({ type: 'refund-exceeds-spent', requested: 4401, refundable: 4400 });
    given(mixed, partial)
      .when(command('RefundSpend', { refundId: 'r2', spendId: 's1' }))
      .then([ev.refunded({ refundId: 'r2', spendId: 's1', lots: [['plan-1', 4400]] })]);
    const all = ev.refunded({ refundId: 'r2', spendId: 's1', lots: [['plan-1', 4400]] });
    given(mixed, partial, all)
      .when(command('RefundSpend', { refundId: 'r3', spendId: 's1' }))
      .then({ type: 'refund-exceeds-spent', refundable: 0 });
    given(mixed).when(command('RefundSpend', { refundId: 'r1', spendId: 's1', amount: 0 })).then({ type: 'invalid-amount' });
  });

  it('does not bring an expired lot back to life: that part expires at once', () => {
    const expiredLot = ev.expired({ lots: [['plan-1', 0]], planPeriodId: 'period-1', at: t(30 * DAY) });
    const state = given(mixed, expiredLot)
      .when(command('RefundSpend', { refundId: 'r1', spendId: 's1', now: t(31 * DAY) }))
      .then([ev.refunded({ refundId: 'r1', spendId: 's1', lots: [['gift', 400], ['plan-1', 5000, 5000]], at: t(31 * DAY) })]);
    expect(balanceOf(state, t(31 * DAY))).toMatchObject({ balance: 1000, expiring: 0 });
    expect(state.lots.find((lot) => lot.lotId === 'plan-1')).toMatchObject({ remaining: 0, expiredAt: t(30 * DAY) });
  });

  it('expires at once what returns to a lot past its expiresAt even before ExpireLots ran, which then skips it', () => {
    const state = given(mixed)
      .when(command('RefundSpend', { refundId: 'r1', spendId: 's1', now: t(30 * DAY) }))
      .then([ev.refunded({ refundId: 'r1', spendId: 's1', lots: [['gift', 400], ['plan-1', 5000, 5000]], at: t(30 * DAY) })]);
    expect(decide(command('ExpireLots', { now: t(30 * DAY) }), state)).toEqual({
      ok: true,
      events: [ev.expired({ lots: [['plan-1', 0]], at: t(30 * DAY) })],
    });
  });

  it('refunds a captured hold by its hold id', () => {
    given(gift, ev.held({ holdId: 'h1', lots: [['gift', 300]], expiresAt: t(HOUR) }), ev.captured({ holdId: 'h1', lots: [['gift', 300]] }))
      .when(command('RefundSpend', { refundId: 'r1', holdId: 'h1', amount: 100 }))
      .then([ev.refunded({ refundId: 'r1', holdId: 'h1', lots: [['gift', 100]] })]);
  });

  it('rejects refunds of unknown spends, uncaptured holds, reused ids and ambiguous targets', () => {
    given(mixed).when(command('RefundSpend', { refundId: 'r1', spendId: 'nope' })).then({ type: 'spend-not-found', spendId: 'nope', holdId: null });
    given(gift, ev.held({ holdId: 'h1', lots: [['gift', 300]], expiresAt: t(HOUR) }))
      .when(command('RefundSpend', { refundId: 'r1', holdId: 'h1' }))
      .then({ type: 'spend-not-found', holdId: 'h1' });
    given(mixed, ev.refunded({ refundId: 'r1', spendId: 's1', lots: [['gift', 1]] }))
      .when(command('RefundSpend', { refundId: 'r1', spendId: 's1', amount: 1 }))
      .then({ type: 'duplicate-id', idKind: 'refund' });
    given(mixed)
      .when(command('RefundSpend', { refundId: 'r1', spendId: 's1', holdId: 'h1' } as never))
      .then({ type: 'invalid-command', field: 'spendId' });
    given(mixed).when(command('RefundSpend', { refundId: 'r1' } as never)).then({ type: 'invalid-command' });
  });
});

describe('ExpireLots (R8)', () => {
  const soon = ev.granted({ lotId: 'soon', amount: 300, expiresAt: t(DAY) });
  const later = ev.granted({ lotId: 'later', amount: 300, expiresAt: t(DAY + 1) });

  it('expires what remains of every lot whose expiresAt <= now, at the exact instant', () => {
    given(gift, soon, later, ev.spent({ spendId: 's1', lots: [['soon', 100]] }))
      .when(command('ExpireLots', { now: t(DAY), actor: SYSTEM }))
      .then([ev.expired({ lots: [['soon', 200]], at: t(DAY), actor: SYSTEM })]);
    given(gift, soon).when(command('ExpireLots', { now: '2025-01-01T23:59:59.999Z' })).then([]);
  });

  it('expires the lots of a plan period when it ends, whatever their expiresAt; permanent lots never', () => {
    const periodGift = ev.granted({ lotId: 'perm-period', amount: 100, planPeriodId: 'period-1' });
    const other = ev.granted({ lotId: 'plan-2', amount: 700, expiresAt: t(60 * DAY), planPeriodId: 'period-2' });
    given(gift, plan, periodGift, other)
      .when(command('ExpireLots', { planPeriodId: 'period-1', now: t(30 * DAY) }))
      .then([ev.expired({ lots: [['plan-1', 5000]], planPeriodId: 'period-1', at: t(30 * DAY) })]);
  });

  it('expires each lot exactly once', () => {
    const first = ev.expired({ lots: [['soon', 300]], at: t(DAY) });
    given(soon, first).when(command('ExpireLots', { now: t(2 * DAY) })).then([]);
    given(soon, first).when(command('ExpireLots', { planPeriodId: 'period-1', now: t(2 * DAY) })).then([]);
    const state = given(soon, first, later)
      .when(command('ExpireLots', { now: t(2 * DAY) }))
      .then([ev.expired({ lots: [['later', 300]], at: t(2 * DAY) })]);
    expect(state.lots.map((lot) => [lot.lotId, lot.remaining, lot.expiredAt])).toEqual([
      ['soon', 0, t(DAY)],
      ['later', 0, t(2 * DAY)],
    ]);
  });

  it('records the expiry of a used-up lot with amount 0, so it is closed for good', () => {
    given(soon, ev.spent({ spendId: 's1', lots: [['soon', 300]] }))
      .when(command('ExpireLots', { now: t(DAY) }))
      .then([ev.expired({ lots: [['soon', 0]], at: t(DAY) })]);
  });

  it('keeps credits of the next period for the next period', () => {
    const next = ev.granted({ lotId: 'plan-2', amount: 700, expiresAt: t(60 * DAY), planPeriodId: 'period-2', at: t(30 * DAY) });
    const state = given(plan, next)
      .when(command('ExpireLots', { planPeriodId: 'period-1', now: t(30 * DAY), actor: ADMIN }))
      .then([ev.expired({ lots: [['plan-1', 5000]], planPeriodId: 'period-1', at: t(30 * DAY) })]);
    expect(balanceOf(state, t(30 * DAY))).toMatchObject({ balance: 700, expiring: 700 });
  });
});

describe('WarnExpiringCredits (issue 4: CreditsExpiringSoon)', () => {
  const LEAD = 3 * DAY * 60_000;
  const warn = (now: string, leadMs = LEAD) => command('WarnExpiringCredits', { now, actor: SYSTEM, owner: OWNER, leadMs });
  const rollover = ev.granted({ lotId: 'rollover-1', amount: 700, expiresAt: t(30 * DAY), planPeriodId: 'period-1', source: 'rollover' });

  it('warns once per plan period, the lead time before it ends, of what is left in all its lots', () => {
    const spent = ev.spent({ spendId: 's1', lots: [['plan-1', 1200]] });
    given(gift, plan, rollover, spent).when(warn(t(27 * DAY - 1))).then([]);
    const state = given(gift, plan, rollover, spent)
      .when(warn(t(27 * DAY)))
      .then([
        ev.expiringSoon({ lots: [['plan-1', 3800], ['rollover-1', 700]], expiresAt: t(30 * DAY), planPeriodId: 'period-1', at: t(27 * DAY), actor: SYSTEM }),
      ]);
    // A notice moves no credits.
    expect(balanceOf(state, t(27 * DAY))).toEqual(balanceOf(given(gift, plan, rollover, spent).state, t(27 * DAY)));
    expect(state.expiryWarnings).toEqual(['period:period-1']);
  });

  it('never warns twice of one period, even for credits that arrive in it later', () => {
    const notice = ev.expiringSoon({ lots: [['plan-1', 5000]], expiresAt: t(30 * DAY), planPeriodId: 'period-1', at: t(27 * DAY) });
    given(plan, notice).when(warn(t(28 * DAY))).then([]);
    given(plan, notice, rollover).when(warn(t(29 * DAY))).then([]);
  });

  it('warns of nothing when nothing is left, when it has expired, or for permanent credits', () => {
    given(plan, ev.spent({ spendId: 's1', lots: [['plan-1', 5000]] })).when(warn(t(28 * DAY))).then([]);
    given(plan).when(warn(t(30 * DAY))).then([]);
    given(plan, ev.expired({ lots: [['plan-1', 5000]], planPeriodId: 'period-1', at: t(29 * DAY) })).when(warn(t(29 * DAY))).then([]);
    given(gift).when(warn(t(1000 * DAY))).then([]);
  });

  it('does not count held credits, and warns once they are back', () => {
    const hold = ev.held({ holdId: 'h1', lots: [['plan-1', 5000]], expiresAt: t(29 * DAY) });
    const held = given(plan, hold).when(warn(t(28 * DAY))).then([]);
    expect(held.expiryWarnings).toEqual([]);
    given(plan, hold, ev.released({ holdId: 'h1', lots: [['plan-1', 5000]], at: t(28 * DAY) }))
      .when(warn(t(28 * DAY)))
      .then([ev.expiringSoon({ lots: [['plan-1', 5000]], expiresAt: t(30 * DAY), planPeriodId: 'period-1', at: t(28 * DAY), actor: SYSTEM })]);
  });

  it('warns of expiring lots without a period once per expiresAt, soonest first', () => {
    const a = ev.granted({ lotId: 'a', amount: 100, expiresAt: t(10 * DAY), source: 'admin' });
    const b = ev.granted({ lotId: 'b', amount: 200, expiresAt: t(10 * DAY), source: 'admin' });
    const c = ev.granted({ lotId: 'c', amount: 300, expiresAt: t(9 * DAY), source: 'admin' });
    const state = given(a, b, c)
      .when(warn(t(8 * DAY)))
      .then([
        ev.expiringSoon({ lots: [['c', 300]], expiresAt: t(9 * DAY), at: t(8 * DAY), actor: SYSTEM }),
        ev.expiringSoon({ lots: [['a', 100], ['b', 200]], expiresAt: t(10 * DAY), at: t(8 * DAY), actor: SYSTEM }),
      ]);
    expect(state.expiryWarnings).toEqual([`expires:${t(9 * DAY)}`, `expires:${t(10 * DAY)}`]);
    expect(decide(warn(t(8 * DAY + 1)), state)).toEqual({ ok: true, events: [] });
  });

  it('rejects a malformed lead time or owner', () => {
    given(plan).when(warn(T0, -1)).then({ type: 'invalid-command', field: 'leadMs' });
    given(plan).when(warn(T0, 1.5)).then({ type: 'invalid-command', field: 'leadMs' });
    given(plan)
      .when({ ...warn(T0), owner: { locationId: 'loc-1', ownerType: 'team', ownerId: 'u-1' } as never })
      .then({ type: 'invalid-command', field: 'owner' });
  });
});

describe('rollover (R5)', () => {
  it('arrives as its own lot and event, separate from the allowance, and expires with its period', () => {
    const allowance = ev.granted({ lotId: 'plan:period-2', amount: 2000, expiresAt: t(60 * DAY), planPeriodId: 'period-2', at: t(30 * DAY) });
    const state = given(plan, ev.expired({ lots: [['plan-1', 5000]], planPeriodId: 'period-1', at: t(30 * DAY) }), allowance)
      .when(
        command('GrantCredits', {
          lotId: 'rollover:period-2',
          amount: 1000,
          kind: 'expiring',
          source: 'rollover',
          expiresAt: t(60 * DAY),
          planPeriodId: 'period-2',
          now: t(30 * DAY),
          actor: SYSTEM,
        }),
      )
      .then([
        ev.granted({ lotId: 'rollover:period-2', amount: 1000, expiresAt: t(60 * DAY), planPeriodId: 'period-2', source: 'rollover', at: t(30 * DAY), actor: SYSTEM }),
      ]);
    expect(balanceOf(state, t(30 * DAY)).lots.map((lot) => [lot.lotId, lot.source, lot.remaining])).toEqual([
      ['plan:period-2', 'plan', 2000],
      ['rollover:period-2', 'rollover', 1000],
    ]);
    expect(decide(command('ExpireLots', { planPeriodId: 'period-2', now: t(60 * DAY) }), state)).toMatchObject({
      ok: true,
      events: [{ type: 'CreditsExpired', data: { lots: [{ lotId: 'plan:period-2', amount: 2000 }, { lotId: 'rollover:period-2', amount: 1000 }] } }],
    });
  });
});
