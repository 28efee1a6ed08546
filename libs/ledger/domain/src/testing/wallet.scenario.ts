import fc from 'fast-check';
import type { DeductionKind, GrantSource, LedgerEvent, LotKind } from '@credits/contracts';
import { decide, type DecideResult } from '../wallet.decider';
import { evolve } from '../wallet.evolve';
import type { LedgerCommand } from '../wallet.commands';
import { initialWalletState, type WalletState } from '../wallet.state';
import { ADMIN, OWNER, PURPOSE, SYSTEM, T0_MS, WALLET, isoFromMillis } from './given-when-then.test-kit';
import { ReferenceWallet } from './wallet.reference-model';

/** Random wallet histories for property tests: abstract actions turned into commands as the clock runs. */

type Period = 'p1' | 'p2' | null;

export type Action =
  | { readonly do: 'grant'; readonly kind: LotKind; readonly amount: number; readonly expiresIn: number; readonly strayExpiry: boolean; readonly period: Period; readonly source: GrantSource; readonly reuse: boolean }
  | { readonly do: 'spend'; readonly amount: number; readonly reuse: boolean }
  | { readonly do: 'deduct'; readonly kind: DeductionKind; readonly amount: number; readonly reuse: boolean }
  | { readonly do: 'hold'; readonly amount: number; readonly expiresIn: number; readonly reuse: boolean }
  | { readonly do: 'capture'; readonly pick: number; readonly amount: number | null }
  | { readonly do: 'release'; readonly pick: number }
  | { readonly do: 'refund'; readonly target: 'spend' | 'hold'; readonly pick: number; readonly amount: number | null; readonly reuse: boolean }
  | { readonly do: 'tick'; readonly minutes: number }
  | { readonly do: 'expireHolds' }
  | { readonly do: 'expireLots'; readonly period: Period }
  | { readonly do: 'warn'; readonly leadMinutes: number };

// Mostly valid amounts, sometimes ones the ledger must refuse (zero, negative, fractional, unsafe).
const invalidAmount = fc.constantFrom(0, -50, 12.5, Number.MAX_SAFE_INTEGER + 2);
const amountUpTo = (max: number) =>
  fc.oneof({ weight: 15, arbitrary: fc.integer({ min: 1, max }) }, { weight: 1, arbitrary: invalidAmount });
const amount = amountUpTo(1500);
const rarely = fc.integer({ min: 0, max: 9 }).map((n) => n === 0);
const period = fc.constantFrom<Period>(null, 'p1', 'p2');

export const actionArb: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      do: fc.constant('grant' as const),
      kind: fc.constantFrom<LotKind>('permanent', 'expiring'),
      amount: amountUpTo(5000),
      expiresIn: fc.integer({ min: -10, max: 600 }),
      strayExpiry: rarely,
      period,
      source: fc.constantFrom<GrantSource>('plan', 'admin', 'purchase', 'refund', 'rollover'),
      reuse: rarely,
    }),
  },
  { weight: 3, arbitrary: fc.record({ do: fc.constant('spend' as const), amount, reuse: rarely }) },
  { weight: 1, arbitrary: fc.record({ do: fc.constant('deduct' as const), kind: fc.constantFrom<DeductionKind>('permanent', 'expiring', 'any'), amount, reuse: rarely }) },
  { weight: 2, arbitrary: fc.record({ do: fc.constant('hold' as const), amount, expiresIn: fc.integer({ min: -5, max: 240 }), reuse: rarely }) },
  { weight: 2, arbitrary: fc.record({ do: fc.constant('capture' as const), pick: fc.nat(20), amount: fc.option(amount, { nil: null }) }) },
  { weight: 1, arbitrary: fc.record({ do: fc.constant('release' as const), pick: fc.nat(20) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      do: fc.constant('refund' as const),
      target: fc.constantFrom<'spend' | 'hold'>('spend', 'hold'),
      pick: fc.nat(20),
      amount: fc.option(amount, { nil: null }),
      reuse: rarely,
    }),
  },
  { weight: 3, arbitrary: fc.record({ do: fc.constant('tick' as const), minutes: fc.integer({ min: 0, max: 300 }) }) },
  { weight: 1, arbitrary: fc.record({ do: fc.constant('expireHolds' as const) }) },
  { weight: 1, arbitrary: fc.record({ do: fc.constant('expireLots' as const), period }) },
  { weight: 1, arbitrary: fc.record({ do: fc.constant('warn' as const), leadMinutes: fc.integer({ min: 0, max: 300 }) }) },
);

export const scenarioArb = fc.array(actionArb, { minLength: 1, maxLength: 80, size: 'max' });

export interface Step {
  /** null after a clock move */
  readonly command: LedgerCommand | null;
  readonly result: DecideResult | null;
  /** what the reference model says: 'ok' or the rejection type */
  readonly expected: string | null;
  /** the state the command was decided on, and the events before it */
  readonly before: WalletState;
  readonly history: readonly LedgerEvent[];
  readonly state: WalletState;
  readonly model: ReferenceWallet;
  readonly now: string;
}

export interface ScenarioRun {
  readonly events: LedgerEvent[];
  readonly state: WalletState;
  readonly model: ReferenceWallet;
  readonly now: string;
}

/** Plays the actions against decide/evolve and the reference model side by side. */
export function runScenario(actions: readonly Action[], onStep: (step: Step) => void = () => undefined): ScenarioRun {
  let clock = T0_MS;
  let state = initialWalletState(WALLET);
  const model = new ReferenceWallet();
  const events: LedgerEvent[] = [];
  const ids = { lots: [] as string[], spends: [] as string[], deductions: [] as string[], holds: [] as string[], refunds: [] as string[] };
  let counter = 0;
  const fresh = (prefix: string) => `${prefix}-${++counter}`;
  const reuseOr = (reuse: boolean, used: string[], prefix: string) => (reuse && used.length > 0 ? used[counter++ % used.length] : fresh(prefix));
  // Index 20 (or nothing to pick from) names an id that does not exist.
  const pick = (used: string[], index: number) => (index === 20 || used.length === 0 ? 'missing' : used[index % used.length]);
  const minutes = (n: number) => isoFromMillis(clock + n * 60_000);

  for (const action of actions) {
    const now = isoFromMillis(clock);
    const base = { walletId: WALLET, now, actor: ADMIN, reason: `scenario ${action.do}` };
    let command: LedgerCommand;
    // Ids are remembered only when the command succeeds, so picks mostly hit real spends and holds.
    let created: [string[], string] | null = null;
    switch (action.do) {
      case 'tick':
        clock += action.minutes * 60_000;
        onStep({ command: null, result: null, expected: null, before: state, history: events, state, model, now: isoFromMillis(clock) });
        continue;
      case 'grant': {
        const lotId = reuseOr(action.reuse, ids.lots, 'lot');
        const expiresAt = action.kind === 'expiring' || action.strayExpiry ? minutes(action.expiresIn) : undefined;
        command = { ...base, type: 'GrantCredits', lotId, kind: action.kind, amount: action.amount, source: action.source, expiresAt, planPeriodId: action.period };
        created = [ids.lots, lotId];
        break;
      }
      case 'spend': {
        const spendId = reuseOr(action.reuse, ids.spends, 'spend');
        command = { ...base, type: 'SpendCredits', spendId, amount: action.amount, purpose: PURPOSE };
        created = [ids.spends, spendId];
        break;
      }
      case 'deduct': {
        const deductionId = reuseOr(action.reuse, ids.deductions, 'deduction');
        command = { ...base, type: 'DeductCredits', deductionId, kind: action.kind, amount: action.amount };
        created = [ids.deductions, deductionId];
        break;
      }
      case 'hold': {
        const holdId = reuseOr(action.reuse, ids.holds, 'hold');
        command = { ...base, type: 'HoldCredits', holdId, amount: action.amount, expiresAt: minutes(action.expiresIn), purpose: PURPOSE };
        created = [ids.holds, holdId];
        break;
      }
      case 'capture':
        command = { ...base, type: 'CaptureHold', holdId: pick(ids.holds, action.pick), ...(action.amount === null ? {} : { amount: action.amount }) };
        break;
      case 'release':
        command = { ...base, type: 'ReleaseHold', holdId: pick(ids.holds, action.pick) };
        break;
      case 'refund': {
        const refundId = reuseOr(action.reuse, ids.refunds, 'refund');
        const amountField = action.amount === null ? {} : { amount: action.amount };
        command =
          action.target === 'spend'
            ? { ...base, type: 'RefundSpend', refundId, spendId: pick(ids.spends, action.pick), ...amountField }
            : { ...base, type: 'RefundSpend', refundId, holdId: pick(ids.holds, action.pick), ...amountField };
        created = [ids.refunds, refundId];
        break;
      }
      case 'expireHolds':
        command = { ...base, type: 'ExpireHolds', actor: SYSTEM };
        break;
      case 'expireLots':
        command = { ...base, type: 'ExpireLots', actor: SYSTEM, planPeriodId: action.period };
        break;
      case 'warn':
        command = { ...base, type: 'WarnExpiringCredits', actor: SYSTEM, owner: OWNER, leadMs: action.leadMinutes * 60_000 };
        break;
    }
    const before = state;
    const history = [...events];
    const result = decide(command, state);
    const expected = model.apply(command);
    if (result.ok) {
      if (created) created[0].push(created[1]);
      for (const event of result.events) {
        state = evolve(state, event);
        events.push(event);
      }
    }
    onStep({ command, result, expected, before, history, state, model, now });
  }
  return { events, state, model, now: isoFromMillis(clock) };
}
