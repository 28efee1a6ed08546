import { walletIdFor, type WalletOwner } from '@credits/contracts';
import { decide, evolve, initialWalletState, type LedgerCommand, type WalletState } from '@credits/ledger-domain';
import { Problems } from '@credits/platform/core';
import type { FactsRow } from '../access/wallet-access';
import { answerKey, decideBatch, refusalsOf, type BatchInputs, type QueuedCommand, type StoredAnswer } from './wallet-batch.decision';
import type { AccessCheck } from './wallet-command.executor';

const NOW = '2026-03-01T10:00:00.000Z';
const actor = { type: 'system', id: 'test' } as const;
const bob: WalletOwner = { locationId: 'loc-1', ownerType: 'user', ownerId: 'bob' };
const ann: WalletOwner = { locationId: 'loc-1', ownerType: 'user', ownerId: 'ann' };
const purpose = { resourceType: 'room', reference: 'room-1' } as const;

const grant = (amount: number, lotId = `lot-${amount}`) => (walletId: string): LedgerCommand => ({
  type: 'GrantCredits',
  walletId,
  now: NOW,
  actor,
  reason: 'test',
  lotId,
  kind: 'permanent',
  amount,
  source: 'admin',
});
const spend = (amount: number, spendId = `spend-${amount}`) => (walletId: string): LedgerCommand => ({
  type: 'SpendCredits',
  walletId,
  now: NOW,
  actor,
  reason: 'test',
  spendId,
  amount,
  purpose,
});

/** A queued command; its fingerprint is simply its key and `hash` (the executor's is a sha-256 of the request). */
function queued(owner: WalletOwner, key: string, command: (walletId: string) => LedgerCommand, options: { hash?: string; access?: AccessCheck } = {}): QueuedCommand {
  return {
    request: { owner, idempotencyKey: key, request: {}, access: options.access, command },
    walletId: walletIdFor(owner),
    requestHash: options.hash ?? key,
    correlationId: 'corr-1',
    causationId: null,
  };
}

/** Inputs as a load would give them: wallets at `states`, `answers` stored, every command's facts `facts`. */
function inputs(batch: readonly QueuedCommand[], states: WalletState[] = [], answers: [QueuedCommand, StoredAnswer][] = [], facts: FactsRow = null): BatchInputs {
  return {
    states: new Map(states.map((state) => [state.walletId, state])),
    rowVersions: new Map(states.map((state) => [state.walletId, state.version])),
    answers: new Map(answers.map(([command, answer]) => [answerKey(command.walletId, command.request.idempotencyKey), answer])),
    facts: batch.map(() => facts),
    epoch: '7',
  };
}

function decided(batch: readonly QueuedCommand[], given: BatchInputs) {
  let id = 0;
  const commands = batch.map((command) => command.request.command(command.walletId));
  return decideBatch(batch, commands, given, refusalsOf(batch, given.facts), () => `event-${++id}`);
}

const statusOf = (outcome: ReturnType<typeof decided>['outcomes'][number]) => (outcome.ok ? outcome.response.status : outcome.problem.status);
/** A wallet as a store would load it: the events of `commands`, decided one after another, folded. */
function walletOf(owner: WalletOwner, ...commands: ((walletId: string) => LedgerCommand)[]): WalletState {
  const walletId = walletIdFor(owner);
  return commands.reduce((state, command) => {
    const decision = decide(command(walletId), state);
    if (!decision.ok) throw new Error(decision.rejection.detail);
    return decision.events.reduce(evolve, state);
  }, initialWalletState(walletId));
}

describe('decideBatch: a batch of wallet commands decided without a database', () => {
  it('decides in arrival order, each command on the state the ones before it left, and writes what they did', () => {
    const batch = [queued(bob, 'k1', grant(1000)), queued(bob, 'k2', spend(800)), queued(bob, 'k3', spend(500)), queued(ann, 'k4', grant(5))];
    const { outcomes, write } = decided(batch, inputs(batch));
    expect(outcomes.map(statusOf)).toEqual([201, 201, 409, 201]);
    expect(outcomes[1]).toMatchObject({ ok: true, response: { replayed: false, body: { balance: '2.00', eventIds: ['event-2'] } } });
    expect(outcomes[2]).toMatchObject({ ok: true, response: { body: { type: expect.stringMatching(/insufficient-credits$/), shortfall: '3.00' } } });
    expect(write?.events.map((event) => [event.event_id, event.stream_id, event.stream_version, event.type])).toEqual([
      ['event-1', walletIdFor(bob), 1, 'CreditsGranted'],
      ['event-2', walletIdFor(bob), 2, 'CreditsSpent'],
      ['event-3', walletIdFor(ann), 1, 'CreditsGranted'],
    ]);
    expect(write?.events[0].metadata).toEqual({ correlationId: 'corr-1', causationId: null });
    expect(write?.wallets.map((row) => [row.wallet_id, row.version])).toEqual([
      [walletIdFor(bob), 2],
      [walletIdFor(ann), 1],
    ]);
    // Both wallets were new: decided on version 0, both changed.
    expect(write && [write.walletIds, write.versions, write.unchanged, write.epoch]).toEqual([[walletIdFor(bob), walletIdFor(ann)], [0, 0], [], '7']);
    // Every decided command leaves an answer, the refusal of the domain too; a success as its events and version.
    expect(write?.answers.map((answer) => [answer.key, answer.status, answer.wallet_version])).toEqual([
      ['k1', 201, 1],
      ['k2', 201, 2],
      ['k3', 409, null],
      ['k4', 201, 1],
    ]);
    expect(write?.answers[1].body).toEqual({ eventIds: ['event-2'] });
  });

  it('checks the versions the wallets were loaded at, and a wallet only refused is checked, not written', () => {
    const loaded = walletOf(bob, grant(100));
    const batch = [queued(bob, 'too-much', spend(500))];
    const { outcomes, write } = decided(batch, inputs(batch, [loaded]));
    expect(outcomes.map(statusOf)).toEqual([409]);
    expect(write && { walletIds: write.walletIds, versions: write.versions, unchanged: write.unchanged, events: write.events, wallets: write.wallets }).toEqual({
      walletIds: [walletIdFor(bob)],
      versions: [1],
      unchanged: [walletIdFor(bob)],
      events: [],
      wallets: [],
    });
  });

  it('answers a stored key with its answer, another request under it with 422, and then has nothing to write', () => {
    const first = queued(bob, 'used', grant(100));
    const stored: StoredAnswer = { requestHash: 'used', status: 201, body: { balance: '1.00' } };
    const batch = [first, queued(bob, 'used', grant(200), { hash: 'other request' })];
    const { outcomes, write } = decided(batch, inputs(batch, [], [[first, stored]]));
    expect(outcomes[0]).toEqual({ ok: true, response: { status: 201, body: { balance: '1.00' }, replayed: true } });
    expect(outcomes[1]).toMatchObject({ ok: false, problem: { status: 422, code: 'idempotency-key-reused' } });
    expect(write).toBeNull();
  });

  it('answers a key repeated inside the batch with the first answer, deciding it once', () => {
    const batch = [queued(bob, 'twice', grant(100)), queued(bob, 'twice', grant(100))];
    const { outcomes, write } = decided(batch, inputs(batch));
    expect(outcomes[1]).toEqual({ ok: true, response: { ...(outcomes[0].ok && outcomes[0].response), replayed: true } });
    expect(write?.events).toHaveLength(1);
    expect(write?.answers).toHaveLength(1);
  });

  it('refuses a caller `authorize` refuses before the stored answer, and applies `check` only to a key not answered yet', () => {
    const stranger: AccessCheck = {
      callerId: 'mallory',
      authorize: () => {
        throw Problems.notFound('location loc-1 does not exist');
      },
    };
    const creditsOff: AccessCheck = {
      callerId: 'alice',
      check: () => {
        throw Problems.conflict('credits-disabled', 'Credits are disabled', 'credits are turned off for location loc-1');
      },
    };
    const answered = queued(bob, 'answered', grant(100), { access: creditsOff });
    const stored: StoredAnswer = { requestHash: 'answered', status: 201, body: { balance: '1.00' } };
    const batch = [queued(bob, 'answered', grant(100), { access: stranger }), answered, queued(bob, 'new', grant(100), { access: creditsOff })];
    const { outcomes, write } = decided(batch, inputs(batch, [], [[answered, stored]]));
    expect(outcomes[0]).toMatchObject({ ok: false, problem: { status: 404 } });
    expect(outcomes[1]).toMatchObject({ ok: true, response: { replayed: true, status: 201 } });
    expect(outcomes[2]).toMatchObject({ ok: false, problem: { status: 409, code: 'credits-disabled' } });
    // Refused commands leave no answer: the same key works once the check passes.
    expect(write).toBeNull();
  });

  it('passes the facts to each check, and fails the whole batch on an error that is not a problem', () => {
    const seen: FactsRow[] = [];
    const recording: AccessCheck = { callerId: 'alice', check: (facts) => void seen.push(facts) };
    const facts: FactsRow = { currency: 'EUR', credits_enabled: true, caller_role: 'admin', caller_left: false, owner_is_active: true, owner_exists: true, caller_in_company: false };
    const batch = [queued(bob, 'checked', grant(100), { access: recording })];
    expect(refusalsOf(batch, [facts])).toEqual([null]);
    expect(seen).toEqual([facts]);
    const broken: AccessCheck = {
      callerId: 'alice',
      check: () => {
        throw new Error('a bug');
      },
    };
    expect(() => refusalsOf([queued(bob, 'broken', grant(100), { access: broken })], [facts])).toThrow('a bug');
  });

  it('leaves the states it was given as they were, and moves the batch inputs on', () => {
    const loaded = walletOf(bob, grant(100));
    const before = JSON.stringify(loaded);
    const batch = [queued(bob, 'spend', spend(40))];
    const given = inputs(batch, [loaded]);
    decided(batch, given);
    expect(JSON.stringify(loaded)).toBe(before);
    expect(given.states.get(walletIdFor(bob))?.version).toBe(2);
    expect(given.answers.has(answerKey(walletIdFor(bob), 'spend'))).toBe(true);
  });
});
