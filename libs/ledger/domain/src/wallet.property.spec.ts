import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { upcastLedgerEvent, type LedgerEvent } from '@credits/contracts';
import { parseInstant } from './instant.value';
import { scenarioArb, runScenario } from './testing/wallet.scenario';
import { WALLET } from './testing/given-when-then.test-kit';
import { decide } from './wallet.decider';
import { fold, replay } from './wallet.fold';
import {
  holdIdOf,
  lotIdOf,
  namesHold,
  namesLot,
  namesSpend,
  namesWarning,
  snapshotOf,
  spendIdOf,
  usedIdsOf,
  usesId,
  warningKeyOf,
  withExpiredLots,
  withExpiryWarnings,
  withHolds,
  withSpends,
  withUsedIds,
} from './wallet.snapshot';
import { initialWalletState, type WalletState } from './wallet.state';
import { balanceOf } from './wallet.queries';

type Flows = { granted: number; spent: number; deducted: number; expired: number; refunded: number; warned: number };

/** Adds up the flows of credits from the emitted events alone (not from the decider's state or the model). */
function addFlows(sum: Flows, events: readonly LedgerEvent[]): void {
  for (const event of events) {
    switch (event.type) {
      case 'CreditsGranted':
        sum.granted += event.data.amount;
        break;
      case 'CreditsSpent':
        sum.spent += event.data.amount;
        break;
      case 'CreditsDeducted':
        sum.deducted += event.data.amount;
        break;
      case 'CreditsHeld':
        break;
      case 'CreditsHoldCaptured':
        sum.spent += event.data.amount;
        sum.expired += event.data.expiredAmount;
        break;
      case 'CreditsHoldReleased':
        sum.expired += event.data.expiredAmount;
        break;
      case 'CreditsRefunded':
        sum.refunded += event.data.amount;
        sum.expired += event.data.expiredAmount;
        break;
      case 'CreditsExpired':
        sum.expired += event.data.amount;
        break;
      case 'CreditsExpiringSoon':
        // A notice: it moves no credits, so it is outside the conservation identity.
        sum.warned += event.data.amount;
        break;
    }
  }
}

// jest's matchers are slow enough to dominate thousands of steps: compare cheaply, and only call
// expect (for its readable diff) when something is wrong.
function same<T>(actual: T, expected: T): void {
  if (!isDeepStrictEqual(actual, expected)) expect(actual).toEqual(expected);
}

/** Its JSON value: the fold's records have no prototype, evolve's untouched ones do; the store sees neither. */
const asJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

function holds(condition: boolean, rule: string, subject: unknown): void {
  if (!condition) throw new Error(`${rule}: ${JSON.stringify(subject)}`);
}

describe('wallet properties (random command sequences against a reference model)', () => {
  it('agrees with the reference model, never goes negative, conserves credits, folds (fast) and replays to the state evolve gives, and decides the same on a stored snapshot', () => {
    const seen = new Map<string, number>();
    fc.assert(
      fc.property(scenarioArb, (actions) => {
        const sum: Flows = { granted: 0, spent: 0, deducted: 0, expired: 0, refunded: 0, warned: 0 };
        // The wallet row as the store keeps it: each command decided on the row plus what it names,
        // and the row rewritten from that, never from the whole history.
        let row: WalletState = initialWalletState(WALLET);
        const run = runScenario(actions, (step) => {
          if (step.command && step.result) {
            const actual = step.result.ok ? 'ok' : step.result.rejection.type;
            same(`${step.command.type}: ${actual}`, `${step.command.type}: ${step.expected}`);
            const key = `${step.command.type}:${actual}`;
            seen.set(key, (seen.get(key) ?? 0) + 1);
            if (step.result.ok) addFlows(sum, step.result.events);
            // The fast fold (the command path's) agrees with the plain rules the scenario folds with.
            if (step.result.ok) same(asJson(fold(step.before, step.result.events)), asJson(step.state));
            // The store decides on the snapshot plus the events of the spend, the hold, the lot and
            // the ids the command names: the same decision.
            const spendId = spendIdOf(step.command);
            const holdId = holdIdOf(step.command);
            const lotId = lotIdOf(step.command);
            const ids = usedIdsOf(step.command);
            const named = (names: (event: LedgerEvent) => boolean) => step.history.filter(names);
            const warningKey = warningKeyOf(step.command);
            const withNamed = (snapshot: WalletState) => {
              let stored = withSpends(snapshot, spendId === null ? [] : named((event) => namesSpend(event, spendId)));
              stored = withHolds(stored, holdId === null ? [] : named((event) => namesHold(event, holdId)));
              stored = withExpiredLots(stored, lotId === null ? [] : named((event) => namesLot(event, lotId)));
              stored = withExpiryWarnings(stored, warningKey === null ? [] : named((event) => namesWarning(event, warningKey)));
              return withUsedIds(stored, named((event) => usesId(event, ids)));
            };
            const fromSnapshot = snapshotOf(step.before);
            if (lotId !== null && actual === 'duplicate-id' && !fromSnapshot.lots.some((lot) => lot.lotId === lotId)) seen.set('GrantCredits:duplicate-id of an expired lot', 1);
            if (warningKey !== null && step.before.expiryWarnings.includes(warningKey) && !fromSnapshot.expiryWarnings.includes(warningKey)) {
              seen.set('GrantCredits:of a notice the row dropped', (seen.get('GrantCredits:of a notice the row dropped') ?? 0) + 1);
            }
            same(decide(step.command, withNamed(fromSnapshot)), step.result);
            const stored = withNamed(row);
            same(decide(step.command, stored), step.result);
            row = snapshotOf(step.result.ok ? fold(stored, step.result.events) : stored);
            same(asJson(row), asJson(snapshotOf(step.state)));
          }
          const balance = balanceOf(step.state, step.now);
          same(balance, step.model.balance(step.now));
          holds(balance.balance >= 0 && balance.held >= 0, 'balance and held are never negative', balance);
          for (const lot of step.state.lots) {
            holds(lot.remaining >= 0 && lot.remaining <= lot.granted, 'a lot holds between 0 and what was granted', lot);
            holds(lot.expiredAt === null || lot.remaining === 0, 'an expired lot stays empty', lot);
          }
          // granted - spent - deducted - expired + refunded = spendable + held + (credits in lots past
          // expiry that ExpireLots has not closed yet); the same totals as the model keeps.
          const inLots = step.state.lots.reduce((total, lot) => total + lot.remaining, 0);
          same(sum.granted - sum.spent - sum.deducted - sum.expired + sum.refunded, inLots + balance.held);
          same(inLots, balance.balance + step.model.pendingExpiry(step.now));
          same(sum, step.model.totals);
        });
        expect(run.state.version).toBe(run.events.length);
        expect(replay(WALLET, run.events)).toEqual(run.state);
        // What the event store gives back (JSON, through the upcaster) rebuilds the same state.
        const stored = run.events.map((event) => JSON.parse(JSON.stringify(event)));
        expect(replay(WALLET, stored.map(upcastLedgerEvent))).toEqual(run.state);
        for (const event of run.events) expect(parseInstant(event.data.occurredAt)).not.toBeNull();
      }),
      { numRuns: 400 },
    );
    // Guard against a vacuous generator: the interesting outcomes must actually occur.
    const wanted = [
      'GrantCredits:ok',
      'GrantCredits:invalid-expiry',
      'GrantCredits:duplicate-id',
      'GrantCredits:duplicate-id of an expired lot',
      'GrantCredits:of a notice the row dropped',
      'SpendCredits:ok',
      'SpendCredits:insufficient-credits',
      'SpendCredits:invalid-amount',
      'DeductCredits:ok',
      'DeductCredits:insufficient-credits',
      'DeductCredits:duplicate-id',
      'HoldCredits:ok',
      'HoldCredits:duplicate-id',
      'CaptureHold:ok',
      'CaptureHold:hold-expired',
      'CaptureHold:capture-exceeds-hold',
      'CaptureHold:hold-not-open',
      'CaptureHold:hold-not-found',
      'ReleaseHold:ok',
      'ExpireHolds:ok',
      'RefundSpend:ok',
      'RefundSpend:refund-exceeds-spent',
      'RefundSpend:spend-not-found',
      'RefundSpend:duplicate-id',
      'ExpireLots:ok',
      'WarnExpiringCredits:ok',
    ];
    expect(wanted.filter((outcome) => !seen.has(outcome))).toEqual([]);
  });

  it('produces expiries at once (refunds and releases into expired lots) in random histories', () => {
    let expiredAtOnce = 0;
    for (const actions of fc.sample(scenarioArb, { numRuns: 300, seed: 42 })) {
      const { events } = runScenario(actions);
      for (const event of events) {
        if (event.type === 'CreditsRefunded' || event.type === 'CreditsHoldReleased' || event.type === 'CreditsHoldCaptured') {
          expiredAtOnce += event.data.expiredAmount;
        }
      }
    }
    expect(expiredAtOnce).toBeGreaterThan(0);
  });
});
