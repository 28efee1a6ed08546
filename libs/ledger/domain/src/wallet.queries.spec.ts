import { DAY, HOUR, T0, ev, given, t } from './testing/given-when-then.test-kit';
import { balanceOf, nextDueAt, nextWarningAt } from './wallet.queries';

describe('balanceOf', () => {
  const history = [
    ev.granted({ lotId: 'gift', amount: 1000, at: t(0) }),
    ev.granted({ lotId: 'buy', amount: 2000, source: 'purchase', unitPrice: { amount: 100, currency: 'EUR' }, at: t(1) }),
    ev.granted({ lotId: 'plan', amount: 3000, expiresAt: t(30 * DAY), planPeriodId: 'p1', at: t(2) }),
    ev.granted({ lotId: 'promo', amount: 500, expiresAt: t(DAY), source: 'admin', at: t(3) }),
    ev.held({ holdId: 'h1', lots: [['promo', 500], ['plan', 250]], expiresAt: t(HOUR), at: t(4) }),
  ];

  it('splits spendable credits by kind, lists lots in spending order and counts held credits apart', () => {
    expect(balanceOf(given(history).state, t(5))).toEqual({
      balance: 5750,
      permanent: 3000,
      expiring: 2750,
      held: 750,
      lots: [
        { lotId: 'plan', kind: 'expiring', remaining: 2750, expiresAt: t(30 * DAY), source: 'plan' },
        { lotId: 'gift', kind: 'permanent', remaining: 1000, expiresAt: null, source: 'admin' },
        { lotId: 'buy', kind: 'permanent', remaining: 2000, expiresAt: null, source: 'purchase' },
      ],
    });
  });

  it('leaves out lots at and after their expiry instant, even before CreditsExpired is recorded', () => {
    const state = given(ev.granted({ lotId: 'plan', amount: 3000, expiresAt: t(DAY) }), ev.granted({ lotId: 'gift', amount: 1000 })).state;
    expect(balanceOf(state, '2025-01-01T23:59:59.999Z')).toMatchObject({ balance: 4000, expiring: 3000 });
    expect(balanceOf(state, t(DAY))).toMatchObject({ balance: 1000, expiring: 0, lots: [{ lotId: 'gift' }] });
  });

  it('keeps counting a hold past its expiresAt as held until its release is recorded', () => {
    const state = given(history).state;
    expect(balanceOf(state, t(2 * HOUR))).toMatchObject({ held: 750 });
  });

  it('can answer for any past instant by replaying the history up to it (R18)', () => {
    const full = [...history, ev.spent({ spendId: 's1', lots: [['plan', 1000]], at: t(10) })];
    const upTo = (instant: string) => given(full.filter((event) => event.data.occurredAt <= instant)).state;
    expect(balanceOf(upTo(t(5)), t(5)).balance).toBe(5750);
    expect(balanceOf(upTo(t(10)), t(10)).balance).toBe(4750);
    expect(balanceOf(given().state, T0)).toEqual({ balance: 0, permanent: 0, expiring: 0, held: 0, lots: [] });
  });
});

describe('nextDueAt / nextWarningAt (what the expiry scheduler finds through the wallet row)', () => {
  it('is the soonest expiry of an open lot or timeout of an open hold, and nothing once all are closed', () => {
    const opened = [
      ev.granted({ lotId: 'gift', amount: 1000, at: t(0) }),
      ev.granted({ lotId: 'plan', amount: 3000, expiresAt: t(30 * DAY), planPeriodId: 'p1', at: t(1) }),
      ev.granted({ lotId: 'promo', amount: 500, expiresAt: t(DAY), at: t(2) }),
      ev.held({ holdId: 'h1', lots: [['gift', 100]], expiresAt: t(HOUR), at: t(3) }),
    ];
    expect(nextDueAt(given(opened).state)).toBe(t(HOUR));
    const released = [...opened, ev.released({ holdId: 'h1', lots: [['gift', 100]], at: t(4) })];
    expect(nextDueAt(given(released).state)).toBe(t(DAY));
    const closed = [...released, ev.expired({ lots: [['promo', 500]], at: t(DAY) }), ev.expired({ lots: [['plan', 3000]], planPeriodId: 'p1', at: t(30 * DAY) })];
    expect(nextDueAt(given(closed).state)).toBeNull();
    expect(nextDueAt(given([ev.granted({ lotId: 'gift', amount: 1000, at: t(0) })]).state)).toBeNull();
  });

  it('is the soonest expiry of credits left that no notice covers, skipping used-up lots and noticed ones', () => {
    const history = [
      ev.granted({ lotId: 'plan', amount: 3000, expiresAt: t(30 * DAY), planPeriodId: 'p1', at: t(0) }),
      ev.granted({ lotId: 'promo', amount: 500, expiresAt: t(DAY), at: t(1) }),
      ev.granted({ lotId: 'spent', amount: 200, expiresAt: t(HOUR), at: t(2) }),
      ev.spent({ spendId: 's1', lots: [['spent', 200]], at: t(3) }),
    ];
    expect(nextWarningAt(given(history).state)).toBe(t(DAY));
    const noticed = [...history, ev.expiringSoon({ lots: [['promo', 500]], expiresAt: t(DAY), at: t(4) })];
    expect(nextWarningAt(given(noticed).state)).toBe(t(30 * DAY));
    const all = [...noticed, ev.expiringSoon({ lots: [['plan', 3000]], expiresAt: t(30 * DAY), planPeriodId: 'p1', at: t(5) })];
    expect(nextWarningAt(given(all).state)).toBeNull();
  });
});
