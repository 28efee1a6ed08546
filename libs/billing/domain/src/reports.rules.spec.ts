import { creditMovementsOf, creditReport, nextMonth, reportMonths, revenueReport, type CreditMovementTotal } from './reports.rules';

describe('report months', () => {
  it('lists every month from `from` to `to`, across a year end', () => {
    expect(reportMonths('2026-11', '2027-02', 36)).toEqual({ ok: true, months: ['2026-11', '2026-12', '2027-01', '2027-02'] });
    expect(reportMonths('2026-05', '2026-05', 36)).toEqual({ ok: true, months: ['2026-05'] });
  });

  it('refuses `to` before `from` and more months than allowed, as a problem of `to`', () => {
    expect(reportMonths('2026-05', '2026-04', 36)).toEqual({ ok: false, problems: [{ field: 'to', reason: 'must not be before from (2026-05)' }] });
    expect(reportMonths('2026-01', '2028-12', 36)).toMatchObject({ ok: true });
    expect(reportMonths('2026-01', '2029-01', 36)).toEqual({ ok: false, problems: [{ field: 'to', reason: 'must be at most 36 months from 2026-01 on (both included); asked for 37' }] });
  });

  it('knows the month after one, December included', () => {
    expect(nextMonth('2026-12')).toBe('2027-01');
    expect(nextMonth('2026-01')).toBe('2026-02');
    expect(nextMonth('0999-12')).toBe('1000-01');
  });
});

describe('credit report', () => {
  const total = (month: string, movement: CreditMovementTotal['movement'], amount: number, source: CreditMovementTotal['source'] = null): CreditMovementTotal => ({
    month,
    movement,
    source,
    amount: BigInt(amount),
  });

  it('opens with what earlier months left, lists every month with zeros, and carries outstanding through empty months', () => {
    const report = creditReport(
      ['2026-11', '2026-12', '2027-01'],
      [
        total('2026-09', 'granted', 5000, 'admin'),
        total('2026-10', 'spent', 1250),
        total('2026-11', 'granted', 2000, 'plan'),
        total('2026-11', 'granted', 1000, 'purchase'),
        total('2026-11', 'granted', 500, 'purchase'),
        total('2026-11', 'deducted', 300),
        total('2026-11', 'spent', 700),
        total('2026-11', 'refunded', 200),
        total('2027-01', 'expired', 1800),
        total('2027-01', 'granted', 2000, 'plan'),
        total('2027-02', 'granted', 99999, 'admin'), // after the report: not in it
      ],
    );
    expect(report.openingOutstanding).toBe(3750n);
    expect(report.months).toEqual([
      { month: '2026-11', granted: { plan: 2000n, admin: 0n, purchase: 1500n, refund: 0n, rollover: 0n }, spent: 700n, deducted: 300n, refunded: 200n, expired: 0n, outstanding: 6450n },
      { month: '2026-12', granted: { plan: 0n, admin: 0n, purchase: 0n, refund: 0n, rollover: 0n }, spent: 0n, deducted: 0n, refunded: 0n, expired: 0n, outstanding: 6450n },
      { month: '2027-01', granted: { plan: 2000n, admin: 0n, purchase: 0n, refund: 0n, rollover: 0n }, spent: 0n, deducted: 0n, refunded: 0n, expired: 1800n, outstanding: 6650n },
    ]);
  });

  it('is all zeros without movements', () => {
    expect(creditReport(['2026-01'], [])).toEqual({
      openingOutstanding: 0n,
      months: [{ month: '2026-01', granted: { plan: 0n, admin: 0n, purchase: 0n, refund: 0n, rollover: 0n }, spent: 0n, deducted: 0n, refunded: 0n, expired: 0n, outstanding: 0n }],
    });
  });

  it('refuses a grant total without a source rather than losing it', () => {
    expect(() => creditReport(['2026-01'], [total('2026-01', 'granted', 100)])).toThrow(/no source/);
  });
});

describe('revenue report', () => {
  const total = (month: string, source: string, received: number, refunded = 0, currency = 'EUR') => ({ month, source, currency, received: BigInt(received), refunded: BigInt(refunded) });

  it('lists every source in the location currency per month, zeros included, net of refunds', () => {
    const months = revenueReport(['2026-12', '2027-01'], 'EUR', ['credit-purchases', 'bookings'], [
      total('2026-12', 'credit-purchases', 2610),
      total('2026-12', 'bookings', 5000, 1500),
      total('2027-01', 'bookings', 0, 2000),
      total('2026-11', 'bookings', 777), // before the report
    ]);
    expect(months).toEqual([
      {
        month: '2026-12',
        sources: [
          { source: 'credit-purchases', currency: 'EUR', received: 2610n, refunded: 0n, net: 2610n },
          { source: 'bookings', currency: 'EUR', received: 5000n, refunded: 1500n, net: 3500n },
        ],
      },
      {
        month: '2027-01',
        sources: [
          { source: 'credit-purchases', currency: 'EUR', received: 0n, refunded: 0n, net: 0n },
          { source: 'bookings', currency: 'EUR', received: 0n, refunded: 2000n, net: -2000n },
        ],
      },
    ]);
  });

  it('keeps money of another currency or source as extra lines instead of dropping it', () => {
    const [month] = revenueReport(['2026-12'], 'EUR', ['credit-purchases'], [total('2026-12', 'credit-purchases', 100, 0, 'USD'), total('2026-12', 'unattributed', 0, 50)]);
    expect(month.sources).toEqual([
      { source: 'credit-purchases', currency: 'EUR', received: 0n, refunded: 0n, net: 0n },
      { source: 'credit-purchases', currency: 'USD', received: 100n, refunded: 0n, net: 100n },
      { source: 'unattributed', currency: 'EUR', received: 0n, refunded: 50n, net: -50n },
    ]);
  });
});

describe('credit movements of ledger events', () => {
  const base = { walletId: 'wallet:loc:user:bob', occurredAt: '2026-12-01T10:00:00.000Z', actor: { type: 'system' as const, id: 'ledger' }, reason: 'r', lots: [] };
  const purpose = { resourceType: 'room' as const, reference: 'booking-1' };

  it('counts grants by source, spends, captures, deductions, refunds and expiries; holds move nothing', () => {
    expect(creditMovementsOf({ type: 'CreditsGranted', version: 2, data: { ...base, lotId: 'l', amount: 2000, kind: 'expiring', expiresAt: '2027-01-01T00:00:00.000Z', source: 'plan', planPeriodId: 'p', unitPrice: null, purchaseId: null, moneyRefund: null } })).toEqual([
      { movement: 'granted', source: 'plan', amount: 2000 },
    ]);
    expect(creditMovementsOf({ type: 'CreditsSpent', version: 1, data: { ...base, spendId: 's', amount: 1250, purpose } })).toEqual([{ movement: 'spent', source: null, amount: 1250 }]);
    expect(creditMovementsOf({ type: 'CreditsDeducted', version: 1, data: { ...base, deductionId: 'd', kind: 'any', amount: 300 } })).toEqual([{ movement: 'deducted', source: null, amount: 300 }]);
    expect(creditMovementsOf({ type: 'CreditsHeld', version: 1, data: { ...base, holdId: 'h', amount: 1000, expiresAt: '2026-12-01T11:00:00.000Z', purpose } })).toEqual([]);
    expect(
      creditMovementsOf({ type: 'CreditsHoldCaptured', version: 1, data: { ...base, holdId: 'h', amount: 600, purpose, releasedAmount: 400, expiredAmount: 100, releasedLots: [] } }),
    ).toEqual([
      { movement: 'spent', source: null, amount: 600 },
      { movement: 'expired', source: null, amount: 100 },
    ]);
    expect(creditMovementsOf({ type: 'CreditsHoldReleased', version: 1, data: { ...base, lots: [], holdId: 'h', amount: 400, expiredAmount: 0, timedOut: true } })).toEqual([]);
    expect(creditMovementsOf({ type: 'CreditsRefunded', version: 1, data: { ...base, lots: [], refundId: 'r', spendId: 's', holdId: null, amount: 500, expiredAmount: 200 } })).toEqual([
      { movement: 'refunded', source: null, amount: 500 },
      { movement: 'expired', source: null, amount: 200 },
    ]);
    expect(creditMovementsOf({ type: 'CreditsExpired', version: 1, data: { ...base, amount: 0, planPeriodId: null } })).toEqual([]);
    expect(creditMovementsOf({ type: 'CreditsExpired', version: 1, data: { ...base, amount: 1500, planPeriodId: 'p' } })).toEqual([{ movement: 'expired', source: null, amount: 1500 }]);
  });
});
