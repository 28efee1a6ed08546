import type { LedgerEvent } from '@credits/contracts';
import { HOUR, PURPOSE, WALLET, ev, t } from './testing/given-when-then.test-kit';
import { evolve } from './wallet.evolve';
import { applyToDraft, draftOf, fold, replay } from './wallet.fold';
import { initialWalletState } from './wallet.state';

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

const history: LedgerEvent[] = [
  ev.granted({ lotId: 'gift', amount: 1000, at: t(0) }),
  ev.granted({ lotId: 'plan', amount: 3000, expiresAt: t(60), planPeriodId: 'p1', at: t(1) }),
  ev.spent({ spendId: 's1', lots: [['plan', 500], ['gift', 100]], at: t(2) }),
  ev.held({ holdId: 'h1', lots: [['plan', 200]], expiresAt: t(HOUR), at: t(3) }),
  ev.held({ holdId: 'h2', lots: [['plan', 300]], expiresAt: t(HOUR), at: t(4) }),
  ev.captured({ holdId: 'h1', lots: [['plan', 150]], released: [['plan', 50]], at: t(5) }),
  ev.deducted({ deductionId: 'd1', kind: 'permanent', lots: [['gift', 100]], at: t(6) }),
  ev.refunded({ refundId: 'r1', spendId: 's1', lots: [['gift', 100], ['plan', 50]], at: t(7) }),
  ev.refunded({ refundId: 'r2', holdId: 'h1', lots: [['plan', 150, 150]], at: t(61) }),
  ev.released({ holdId: 'h2', lots: [['plan', 300, 300]], timedOut: true, at: t(61) }),
  ev.expired({ lots: [['plan', 2100]], planPeriodId: 'p1', at: t(62) }),
];

describe('evolve / replay', () => {
  it('starts empty', () => {
    expect(initialWalletState(WALLET)).toEqual({ walletId: WALLET, version: 0, lots: [], holds: {}, spends: {}, deductionIds: [], refundIds: [], expiryWarnings: [] });
  });

  it('folds every event type into lots, holds, spends and used ids', () => {
    const state = replay(WALLET, history);
    expect(state.version).toBe(history.length);
    expect(state.lots).toEqual([
      expect.objectContaining({ lotId: 'gift', granted: 1000, remaining: 900, sequence: 1, expiredAt: null, createdAt: t(0) }),
      expect.objectContaining({ lotId: 'plan', granted: 3000, remaining: 0, sequence: 2, expiredAt: t(62), planPeriodId: 'p1' }),
    ]);
    expect(state.spends['s1']).toEqual({
      spendId: 's1',
      amount: 600,
      refunded: 150,
      purpose: PURPOSE,
      occurredAt: t(2),
      lots: [
        { lotId: 'plan', amount: 500, refunded: 50 },
        { lotId: 'gift', amount: 100, refunded: 100 },
      ],
    });
    expect(state.holds['h1']).toMatchObject({
      status: 'captured',
      reservations: [{ lotId: 'plan', amount: 200 }],
      capture: { amount: 150, refunded: 150, lots: [{ lotId: 'plan', amount: 150, refunded: 150 }] },
    });
    expect(state.holds['h2']).toMatchObject({ status: 'released', capture: null });
    expect(state.deductionIds).toEqual(['d1']);
    expect(state.refundIds).toEqual(['r1', 'r2']);
  });

  it('never changes the state it is given', () => {
    let state = deepFreeze(initialWalletState(WALLET));
    for (const event of history) state = deepFreeze(evolve(state, event));
    expect(state).toEqual(replay(WALLET, history));
  });

  it('folds in place into a draft (fold) as evolve does, leaving the state the draft came from as it was', () => {
    const before = deepFreeze(replay(WALLET, history.slice(0, 4)));
    const draft = draftOf(before);
    for (const event of history.slice(4)) applyToDraft(draft, event);
    expect(draft).toEqual(history.slice(4).reduce(evolve, before));
    expect(fold(before, history.slice(4))).toEqual(draft);
    expect(before).toEqual(replay(WALLET, history.slice(0, 4)));
  });

  it('keeps a client id named "__proto__" as data, as JSON does, in evolve and in the fast fold', () => {
    const events = [ev.granted({ lotId: 'gift', amount: 100, at: t(0) }), ev.spent({ spendId: '__proto__', lots: [['gift', 10]], at: t(1) })];
    for (const state of [replay(WALLET, events), events.reduce(evolve, initialWalletState(WALLET))]) {
      expect(Object.hasOwn(state.spends, '__proto__')).toBe(true);
      expect(Object.getPrototypeOf(state.spends)?.amount).toBeUndefined();
      expect(JSON.parse(JSON.stringify(state)).spends['__proto__']).toMatchObject({ amount: 10 });
    }
  });

  it('finds the lots an event names in a long list as in a short one, folded at once or event by event', () => {
    const grants = Array.from({ length: 40 }, (_, i) => ev.granted({ lotId: `lot-${i}`, amount: 100, at: t(i) }));
    const taking = [
      ev.spent({ spendId: 's-late', lots: [['lot-37', 60], ['lot-2', 10]], at: t(50) }),
      ev.granted({ lotId: 'lot-40', amount: 100, at: t(51) }),
      ev.deducted({ deductionId: 'd-new', kind: 'permanent', lots: [['lot-40', 30]], at: t(52) }),
      ev.refunded({ refundId: 'r-late', spendId: 's-late', lots: [['lot-37', 20]], at: t(53) }),
    ];
    const remaining = (lots: readonly { lotId: string; remaining: number }[]) => Object.fromEntries(lots.map((lot) => [lot.lotId, lot.remaining]));
    const folded = replay(WALLET, [...grants, ...taking]);
    expect(remaining(folded.lots)).toMatchObject({ 'lot-2': 90, 'lot-37': 60, 'lot-40': 70, 'lot-0': 100, 'lot-39': 100 });
    expect(remaining([...grants, ...taking].reduce(evolve, initialWalletState(WALLET)).lots)).toEqual(remaining(folded.lots));
  });

  it('throws on an unknown event type (exhaustive switch)', () => {
    expect(() => evolve(initialWalletState(WALLET), { type: 'CreditsStolen', version: 1, data: {} } as never)).toThrow(/unknown ledger event/);
  });
});
