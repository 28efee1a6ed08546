import type { WalletOwner } from '@credits/contracts';
import { decide, fold, initialWalletState, type LedgerCommand, type WalletState } from '@credits/ledger-domain';
import { ProblemException, Problems } from '@credits/platform/core';
import type { FactsRow } from '../access/wallet-access';
import type { WalletCommandRequest, WalletCommandResponse } from './wallet-command.executor';
import { walletRow, type WalletRow } from './wallet-rows';
import { balanceView, rejectionProblem } from './wallet-views';

/**
 * What a batch of wallet commands decides, without I/O: given the wallets' states, the stored
 * answers of their keys, each command's access facts and the commands, each command's outcome and
 * what to write. The store (wallet.store.ts) loads the inputs and writes the result; the executor
 * (wallet-command.batch.ts) runs the two around this.
 */

/** A command waiting in the executor's queue, with what it needs from the caller's context. */
export interface QueuedCommand {
  readonly request: WalletCommandRequest;
  readonly walletId: string;
  readonly requestHash: string;
  readonly correlationId: string;
  /** the request or message the command's events are caused by */
  readonly causationId: string | null;
  /** W3C trace context of that request or message (tracing on): the relay puts it on the published events */
  readonly traceparent?: string;
}

/** How one command of a batch ended: a response (stored for retries), or a problem it alone is refused with. */
export type CommandOutcome =
  | { readonly ok: true; readonly response: WalletCommandResponse }
  | { readonly ok: false; readonly problem: ProblemException };

/** The first answer to a key, as a retry gets it. */
export interface StoredAnswer {
  readonly requestHash: string;
  readonly status: number;
  readonly body: object;
}

/**
 * What a batch decides on: each wallet's state, the version its row is at, stored answers (by
 * answerKey), each command's facts (null for a command without an access check), the cache epoch.
 * The decision takes these over: it moves `states` and `answers` on as it decides.
 */
export interface BatchInputs {
  readonly states: Map<string, WalletState>;
  readonly rowVersions: Map<string, number>;
  readonly answers: Map<string, StoredAnswer>;
  readonly facts: FactsRow[];
  readonly epoch: string;
}

/** A command refused by its access check; `unauthorized`: by `authorize`, which comes before its key's stored answer. */
export interface Refusal {
  readonly problem: ProblemException;
  readonly unauthorized: boolean;
}

// The rows below are written as they are, as JSON, by one statement: their fields are its columns.

export interface NewEventRow {
  readonly event_id: string;
  readonly stream_id: string;
  readonly stream_version: number;
  readonly type: string;
  readonly version: number;
  readonly data: object;
  readonly metadata: object;
  readonly occurred_at: string;
}

/**
 * A new answer. A success is stored as the events it appended (`body`: {eventIds}) and the version
 * it left the wallet at, not as its whole response: a retry rebuilds the same response from the
 * stream (see the store's load). Storing each balance again cost about a tenth of the command path.
 */
export interface NewAnswerRow {
  readonly wallet_id: string;
  readonly key: string;
  readonly request_hash: string;
  readonly status: number;
  readonly body: object;
  /** null: `body` is the whole response */
  readonly wallet_version: number | null;
  readonly created_at: string;
}

/** What a batch writes, and the versions (and epoch) the wallets it decided on must still be at. */
export interface BatchWrite {
  /** wallets a command was decided on, with the row versions it was decided on */
  readonly walletIds: readonly string[];
  readonly versions: readonly number[];
  /** of those, the ones no command changed (a refusal): checked, not written */
  readonly unchanged: readonly string[];
  readonly epoch: string;
  readonly events: readonly NewEventRow[];
  readonly wallets: readonly WalletRow[];
  readonly answers: readonly NewAnswerRow[];
}

export interface BatchDecision {
  /** in the batch's order */
  readonly outcomes: CommandOutcome[];
  /** null: nothing was decided (every command replayed or refused), nothing to write */
  readonly write: BatchWrite | null;
}

export const answerKey = (walletId: string, key: string) => `${walletId}\n${key}`;

/**
 * The response to a command that succeeded: the wallet's balance after it, and the events it
 * appended (added with Object.assign: see eventData in the decider for why not by a spread).
 */
export const successBody = (state: WalletState, now: string, eventIds: readonly string[]) => Object.assign(balanceView(state, now), { eventIds });

/** The stored first answer to a key, or a 422 when the key came back with a different request. */
function replayAnswer(previous: StoredAnswer, requestHash: string): CommandOutcome {
  if (previous.requestHash !== requestHash) {
    return {
      ok: false,
      problem: Problems.unprocessable(
        'idempotency-key-reused',
        'Idempotency-Key already used',
        'this Idempotency-Key was used for a different request; use a new key for a new change',
      ),
    };
  }
  return { ok: true, response: { status: previous.status, body: previous.body, replayed: true } };
}

/** A command's access check on the facts read for it: a problem refuses it alone; anything else fails the batch. */
function refusal({ request }: QueuedCommand, facts: FactsRow): Refusal | null {
  let unauthorized = true;
  try {
    request.access?.authorize?.(facts);
    unauthorized = false;
    request.access?.check?.(facts);
    return null;
  } catch (error) {
    if (error instanceof ProblemException) return { problem: error, unauthorized };
    throw error;
  }
}

/** Each command's refusal on its facts (`facts[i]` for `batch[i]`), null where it passes. */
export function refusalsOf(batch: readonly QueuedCommand[], facts: readonly FactsRow[]): (Refusal | null)[] {
  return batch.map((queued, index) => refusal(queued, facts[index]));
}

/**
 * Decides each command in arrival order on the state the previous ones left (so they see each
 * other's effects, exactly as if run one after another). Per command: a refusal by `authorize`
 * comes first (a caller who may not ask learns nothing of the key, not even that it was used);
 * then the key's stored answer (a retry gets it, even if `check` refuses by now); then `check`;
 * then the domain's decision. Every decided command leaves an answer, a refusal of the domain too.
 * `newEventId` names each new event.
 */
export function decideBatch(
  batch: readonly QueuedCommand[],
  commands: readonly LedgerCommand[],
  inputs: BatchInputs,
  refusals: readonly (Refusal | null)[],
  newEventId: () => string,
): BatchDecision {
  const { states, rowVersions, answers, epoch } = inputs;
  const events: NewEventRow[] = [];
  // Wallets that changed, with their owner and the time of their last change: rows are built once, at the end.
  const changed = new Map<string, { owner: WalletOwner; now: string }>();
  const newAnswers: NewAnswerRow[] = [];
  const outcomes: CommandOutcome[] = [];

  for (let index = 0; index < batch.length; index++) {
    const { request, walletId, requestHash, correlationId, causationId, traceparent } = batch[index];
    const answeredAs = answerKey(walletId, request.idempotencyKey);
    const refused = refusals[index];
    if (refused?.unauthorized) {
      outcomes.push({ ok: false, problem: refused.problem });
      continue;
    }
    const previous = answers.get(answeredAs);
    if (previous) {
      outcomes.push(replayAnswer(previous, requestHash));
      continue;
    }
    if (refused) {
      outcomes.push({ ok: false, problem: refused.problem });
      continue;
    }
    const state = states.get(walletId) ?? initialWalletState(walletId);
    const command = commands[index];
    const decision = decide(command, state);
    let response: WalletCommandResponse;
    let stored: { body: object; walletVersion: number | null };
    if (decision.ok) {
      const eventIds = decision.events.map((event, position) => {
        const eventId = newEventId();
        events.push({
          event_id: eventId,
          stream_id: walletId,
          stream_version: state.version + position + 1,
          type: event.type,
          version: event.version,
          data: event.data,
          metadata: traceparent ? { correlationId, causationId, traceparent } : { correlationId, causationId },
          occurred_at: event.data.occurredAt,
        });
        return eventId;
      });
      const next = fold(state, decision.events);
      states.set(walletId, next);
      if (decision.events.length > 0) changed.set(walletId, { owner: request.owner, now: command.now });
      response = { status: 201, body: successBody(next, command.now, eventIds), replayed: false };
      stored = { body: { eventIds }, walletVersion: next.version };
    } else {
      const problem = rejectionProblem(decision.rejection);
      response = { status: problem.status, body: problem.toProblem(), replayed: false };
      stored = { body: response.body, walletVersion: null };
    }
    answers.set(answeredAs, { requestHash, status: response.status, body: response.body });
    newAnswers.push({
      wallet_id: walletId,
      key: request.idempotencyKey,
      request_hash: requestHash,
      status: response.status,
      body: stored.body,
      wallet_version: stored.walletVersion,
      created_at: command.now,
    });
    outcomes.push({ ok: true, response });
  }

  if (newAnswers.length === 0) return { outcomes, write: null };
  // Only wallets a command was decided on: replayed and refused commands write nothing.
  const decidedOn = [...new Set(newAnswers.map((answer) => answer.wallet_id))];
  return {
    outcomes,
    write: {
      walletIds: decidedOn,
      versions: decidedOn.map((walletId) => rowVersions.get(walletId) ?? 0),
      unchanged: decidedOn.filter((walletId) => !changed.has(walletId)),
      epoch,
      events,
      wallets: [...changed].map(([walletId, { owner, now }]) => walletRow(owner, states.get(walletId)!, now)),
      answers: newAnswers,
    },
  };
}
