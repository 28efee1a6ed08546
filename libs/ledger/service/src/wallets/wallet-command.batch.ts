import type { LedgerEvent, WalletOwner } from '@credits/contracts';
import { WrongExpectedVersionError } from '@credits/event-store';
import { decide, evolve, initialWalletState, replay, snapshotOf, spendIdOf, upcast, withSpends, type LedgerCommand, type StoredLedgerEvent, type WalletState } from '@credits/ledger-domain';
import { ProblemException, Problems } from '@credits/platform/core';
import { randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';
import { locationFactsParams, locationFactsSql, type FactsRow } from '../access/wallet-access';
import { factsKey, type WalletCommandCache } from './wallet-command.cache';
import type { WalletCommandRequest, WalletCommandResponse } from './wallet-command.executor';
import { upsertWalletRowsSql, walletRow, type WalletRow } from './wallet-rows';
import { balanceView, rejectionProblem } from './wallet-views';

/** A command waiting in the executor's queue, with what it needs from the caller's context. */
export interface QueuedCommand {
  readonly request: WalletCommandRequest;
  readonly walletId: string;
  readonly requestHash: string;
  readonly correlationId: string;
  /** the request or message the command's events are caused by */
  readonly causationId: string | null;
}

/** How one command of a batch ended: a response (stored for retries), or a problem it alone is refused with. */
export type CommandOutcome =
  | { readonly ok: true; readonly response: WalletCommandResponse }
  | { readonly ok: false; readonly problem: ProblemException };

/**
 * The wallets' locks, in ascending key order so that two batches cannot deadlock. Taken by the
 * write (WRITE_BATCH_SQL) and, when a batch has to run again because another instance changed one of
 * its wallets, for the whole transaction before the batch is read (lockWallets).
 */
const LOCK_WALLETS_SQL = (walletIds: string) => `SELECT count(pg_advisory_xact_lock(key)) AS n
  FROM (SELECT DISTINCT hashtextextended(wallet_id, 0) AS key FROM unnest(${walletIds}::text[]) AS wallet_id ORDER BY 1) AS keys`;

interface StoredAnswer {
  readonly requestHash: string;
  readonly status: number;
  readonly body: object;
}

interface EventRow {
  event_id: string;
  stream_id: string;
  stream_version: number;
  type: string;
  version: number;
  data: object;
  metadata: object;
  occurred_at: string;
}

/**
 * A stored answer. A success is stored as the events it appended (`body`: {eventIds}) and the
 * version it left the wallet at, not as its whole response: a retry rebuilds the same response from
 * the stream (see loadBatch). Storing each balance again cost about a tenth of the command path.
 */
interface AnswerRow {
  wallet_id: string;
  key: string;
  request_hash: string;
  status: number;
  body: object;
  /** null: `body` is the whole response */
  wallet_version: number | null;
  created_at: string;
}

/**
 * The response to a command that succeeded: the wallet's balance after it, and the events it
 * appended (added with Object.assign: see eventData in the decider for why not by a spread).
 */
const successBody = (state: WalletState, now: string, eventIds: readonly string[]) => Object.assign(balanceView(state, now), { eventIds });

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

/** A command refused by its access check; `unauthorized`: by `authorize`, which comes before its key's stored answer. */
interface Refusal {
  readonly problem: ProblemException;
  readonly unauthorized: boolean;
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

const answerKey = (walletId: string, key: string) => `${walletId}\n${key}`;

const walletIdsOf = (batch: readonly QueuedCommand[]) => [...new Set(batch.map((queued) => queued.walletId))];

/** What a batch decides on: each wallet's state, the version its row is at, stored answers, each command's facts. */
interface BatchInputs {
  readonly states: Map<string, WalletState>;
  readonly rowVersions: Map<string, number>;
  readonly answers: Map<string, StoredAnswer>;
  readonly facts: FactsRow[];
  readonly epoch: string;
}

/**
 * Commits a batch of commands with two statements (or one, see below), each its own transaction
 * unless the caller holds one: reads the wallets' states, stored answers and access facts once,
 * decides each command in arrival order on the state the previous ones left (so they see each
 * other's effects, exactly as if run one after another), then writes all events, wallet rows and
 * answers with one statement that writes nothing if, under the wallets' locks, one of them turns
 * out to have changed since the read. Null when one did: the batch must run again with its wallets
 * locked from the start (lockWallets) and `readFirst`. A command its access check refuses is left
 * out: a refusal by `authorize` comes before the stored answers are looked at, one by `check`
 * after them (a retry of a key already answered still gets its answer). Any other error fails the
 * whole batch.
 *
 * Unless `readFirst`, a batch whose wallets and facts the cache holds skips the read: its write
 * checks the remembered versions and epoch as it would a read's, and its unique indexes stand in
 * for the read's lookups of answered keys and used spend ids (a collision writes nothing and returns
 * null, so the batch runs again with a read, which finds them).
 */
export async function commitBatch(
  client: PoolClient,
  batch: readonly QueuedCommand[],
  cache: WalletCommandCache,
  options: { readonly readFirst: boolean },
): Promise<CommandOutcome[] | null> {
  const walletIds = walletIdsOf(batch);
  const commands = batch.map((queued) => queued.request.command(queued.walletId));
  const cached = options.readFirst ? null : remembered(cache, walletIds, batch, commands);
  const refusalsOf = (inputs: BatchInputs) => batch.map((queued, index) => refusal(queued, inputs.facts[index]));
  const cachedRefusals = cached && refusalsOf(cached);
  // A refusal is decided on facts read now: remembered ones may be of an older epoch, and a refused
  // command writes nothing that would check it. Only a read finds the answers that come before a check's refusal.
  const fromCache = cachedRefusals !== null && cachedRefusals.every((refused) => refused === null);
  const inputs = fromCache ? cached! : await loadBatch(client, walletIds, batch, commands, cache);
  const refusals = fromCache ? cachedRefusals : refusalsOf(inputs);
  const { states, rowVersions, answers, epoch } = inputs;
  const events: EventRow[] = [];
  // Wallets that changed, with their owner and the time of their last change: rows are built once, at the end.
  const changed = new Map<string, { owner: WalletOwner; now: string }>();
  const newAnswers: AnswerRow[] = [];

  const run = (queued: QueuedCommand, index: number): CommandOutcome => {
    const { request, walletId, requestHash, correlationId, causationId } = queued;
    const answeredAs = answerKey(walletId, request.idempotencyKey);
    const refused = refusals[index];
    // Authorized first: a caller who may not make this request learns nothing of the key, not even that it was used.
    if (refused?.unauthorized) return { ok: false, problem: refused.problem };
    const previous = answers.get(answeredAs);
    if (previous) return replayAnswer(previous, requestHash);
    if (refused) return { ok: false, problem: refused.problem };
    const state = states.get(walletId) ?? initialWalletState(walletId);
    const command = commands[index];
    const decision = decide(command, state);
    let response: WalletCommandResponse;
    let stored: { body: object; walletVersion: number | null };
    if (decision.ok) {
      const eventIds = decision.events.map((event, index) => {
        const eventId = randomUUID();
        events.push({
          event_id: eventId,
          stream_id: walletId,
          stream_version: state.version + index + 1,
          type: event.type,
          version: event.version,
          data: event.data,
          metadata: { correlationId, causationId },
          occurred_at: event.data.occurredAt,
        });
        return eventId;
      });
      const next = decision.events.reduce(evolve, state);
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
    return { ok: true, response };
  };

  const outcomes = batch.map(run);
  // Every decided command leaves an answer: none means nothing was decided, and there is nothing to write.
  if (newAnswers.length === 0) return outcomes;
  const wallets = [...changed].map(([walletId, { owner, now }]) => walletRow(owner, states.get(walletId)!, now));
  // Only wallets a command was decided on: replayed and refused commands write nothing.
  const decidedOn = [...new Set(newAnswers.map((answer) => answer.wallet_id))];
  const read = {
    walletIds: decidedOn,
    versions: decidedOn.map((walletId) => rowVersions.get(walletId) ?? 0),
    unchanged: decidedOn.filter((walletId) => !changed.has(walletId)),
    epoch,
  };
  const written = await writeBatch(client, read, events, wallets, newAnswers, { collisionsRetry: fromCache });
  if (!written) {
    cache.forgetWallets(walletIds);
    return null;
  }
  for (const row of wallets) cache.rememberWallet(row.wallet_id, { state: row.state, rowVersion: row.version });
  return outcomes;
}

/** Holds the batch's wallet locks until the caller's transaction ends; take them before commitBatch. */
export async function lockWallets(client: PoolClient, batch: readonly QueuedCommand[]): Promise<void> {
  await client.query({ name: 'ledger-lock-wallets', text: LOCK_WALLETS_SQL('$1'), values: [walletIdsOf(batch)] });
}

type TailEvent = StoredLedgerEvent & { readonly stream_id: string };

const LOAD_BATCH_SQL = `SELECT (SELECT coalesce(json_agg(json_build_object('wallet_id', wallet_id, 'state', state)), '[]')
             FROM ledger.wallets WHERE wallet_id = ANY($1::text[])) AS states,
            (SELECT coalesce(json_agg(json_build_object('stream_id', e.stream_id, 'type', e.type, 'version', e.version, 'data', e.data)
                                      ORDER BY e.stream_id, e.stream_version), '[]')
             FROM unnest($1::text[]) AS s(wallet_id) LEFT JOIN ledger.wallets w USING (wallet_id)
             JOIN ledger.events e ON e.stream_id = s.wallet_id AND e.stream_version > coalesce(w.version, 0)) AS tails,
            (SELECT coalesce(json_agg(json_build_object('wallet_id', i.wallet_id, 'key', i.key, 'request_hash', i.request_hash, 'status', i.status, 'body', i.body,
                                                'wallet_version', i.wallet_version, 'created_at', i.created_at)), '[]')
             FROM ledger.idempotency i JOIN unnest($2::text[], $3::text[]) AS k(wallet_id, key) USING (wallet_id, key)) AS answers,
            (${locationFactsSql(['$4', '$5', '$6', '$7'])}) AS facts,
            (SELECT coalesce(json_agg(s.events), '[]')
             FROM unnest($8::text[], $9::text[]) AS k(wallet_id, spend_id),
             -- Per spend, so that even a plan made while the store was small looks each one up by key.
             -- One branch per partial index (events_spent_once, events_refunds).
             LATERAL (SELECT json_agg(json_build_object('stream_id', e.stream_id, 'type', e.type, 'version', e.version, 'data', e.data)
                                      ORDER BY e.stream_version) AS events
                      FROM (SELECT * FROM ledger.events WHERE stream_id = k.wallet_id AND data->>'spendId' = k.spend_id AND type = 'CreditsSpent'
                            UNION ALL
                            SELECT * FROM ledger.events WHERE stream_id = k.wallet_id AND data->>'spendId' = k.spend_id AND type = 'CreditsRefunded') AS e) AS s
             WHERE s.events IS NOT NULL) AS spend_events,
            (SELECT epoch::text FROM ledger.cache_epoch) AS epoch`;

/** The facts key of a command with an access check. */
const factsKeyOf = ({ request }: QueuedCommand) =>
  factsKey(request.owner.locationId, request.access!.callerId, request.owner.ownerType, request.owner.ownerId);

/**
 * A batch's inputs from the cache alone, or null when it lacks some: a wallet, a command's facts, or
 * the events of a spend a refund names (a spend's own id needs none: events_spent_once refuses it twice).
 */
function remembered(
  cache: WalletCommandCache,
  walletIds: readonly string[],
  batch: readonly QueuedCommand[],
  commands: readonly LedgerCommand[],
): BatchInputs | null {
  const { epoch } = cache;
  if (epoch === null || commands.some((command) => command.type !== 'SpendCredits' && spendIdOf(command) !== null)) return null;
  const states = new Map<string, WalletState>();
  const rowVersions = new Map<string, number>();
  for (const walletId of walletIds) {
    const wallet = cache.wallet(walletId);
    if (!wallet) return null;
    states.set(walletId, wallet.state);
    rowVersions.set(walletId, wallet.rowVersion);
  }
  const facts: FactsRow[] = [];
  for (const queued of batch) {
    const known = queued.request.access ? cache.factsFor(factsKeyOf(queued)) : null;
    if (known === undefined) return null;
    facts.push(known);
  }
  return { states, rowVersions, answers: new Map(), facts, epoch };
}

/**
 * States, stored answers, access facts and named spends with one statement, all of one snapshot. A
 * wallet row is a snapshot: events past its version (none, unless the row was lost or is being
 * rebuilt) are folded on top; the spends the commands name are folded from their events (see
 * snapshotOf). `rowVersions`: the versions the write checks the rows are still at. What was read is
 * remembered in `cache`, for the next batches of these wallets.
 */
async function loadBatch(
  client: PoolClient,
  walletIds: readonly string[],
  batch: readonly QueuedCommand[],
  commands: readonly LedgerCommand[],
  cache: WalletCommandCache,
): Promise<BatchInputs> {
  const checked = batch.filter(({ request }) => request.access);
  const result = await client.query<{
    states: { wallet_id: string; state: WalletState }[];
    tails: TailEvent[];
    answers: (Omit<AnswerRow, 'body'> & { body: { eventIds?: string[] } })[];
    facts: FactsRow[];
    spend_events: TailEvent[][];
    epoch: string;
  }>({
    name: 'ledger-load-batch',
    text: LOAD_BATCH_SQL,
    values: [
      walletIds,
      batch.map((queued) => queued.walletId),
      batch.map((queued) => queued.request.idempotencyKey),
      ...locationFactsParams(checked.map(({ request }) => ({ owner: request.owner, callerId: request.access!.callerId }))),
      ...spendKeys(batch, commands),
    ],
  });
  const { states, tails, answers, epoch } = result.rows[0];
  cache.adopt(epoch);
  // Back in batch order: commands without a check get no facts.
  const checkedFacts = result.rows[0].facts[Symbol.iterator]();
  const facts = batch.map(({ request }) => (request.access ? checkedFacts.next().value : null) as FactsRow);
  batch.forEach((queued, index) => queued.request.access && cache.rememberFacts(factsKeyOf(queued), facts[index]));
  const stateOf = new Map(states.map((row) => [row.wallet_id, row.state]));
  const rowVersions = new Map(states.map((row) => [row.wallet_id, row.state.version]));
  for (const event of tails) stateOf.set(event.stream_id, evolve(stateOf.get(event.stream_id) ?? initialWalletState(event.stream_id), upcast(event)));
  for (const walletId of walletIds) {
    cache.rememberWallet(walletId, { state: snapshotOf(stateOf.get(walletId) ?? initialWalletState(walletId)), rowVersion: rowVersions.get(walletId) ?? 0 });
  }
  const spendEvents = new Map<string, LedgerEvent[]>();
  for (const event of result.rows[0].spend_events.flat()) {
    const events = spendEvents.get(event.stream_id) ?? [];
    spendEvents.set(event.stream_id, events);
    events.push(upcast(event));
  }
  const storedAnswers = new Map<string, StoredAnswer>();
  for (const row of answers) {
    const body =
      row.wallet_version === null
        ? row.body
        : successBody(await stateAt(client, stateOf, row.wallet_id, row.wallet_version), new Date(row.created_at).toISOString(), row.body.eventIds ?? []);
    storedAnswers.set(answerKey(row.wallet_id, row.key), { requestHash: row.request_hash, status: row.status, body });
  }
  for (const [walletId, events] of spendEvents) stateOf.set(walletId, withSpends(stateOf.get(walletId) ?? initialWalletState(walletId), events));
  return { states: stateOf, rowVersions, facts, epoch, answers: storedAnswers };
}

/**
 * A wallet as it was at `version`: the state just read when it is still there (a retry soon after
 * its command), else its stream up to that version folded (a retry after later changes; rare).
 */
async function stateAt(client: PoolClient, current: ReadonlyMap<string, WalletState>, walletId: string, version: number): Promise<WalletState> {
  const state = current.get(walletId) ?? initialWalletState(walletId);
  if (state.version === version) return state;
  const { rows } = await client.query<StoredLedgerEvent>({
    name: 'ledger-stream-until',
    text: `SELECT type, version, data FROM ledger.events WHERE stream_id = $1 AND stream_version <= $2 ORDER BY stream_version`,
    values: [walletId, version],
  });
  return replay(walletId, rows.map(upcast));
}

/** The (wallet, spend id) pairs the commands name, as two text arrays. */
function spendKeys(batch: readonly QueuedCommand[], commands: readonly LedgerCommand[]): [string[], string[]] {
  const keys: [string[], string[]] = [[], []];
  commands.forEach((command, index) => {
    const spendId = spendIdOf(command);
    if (spendId === null) return;
    keys[0].push(batch[index].walletId);
    keys[1].push(spendId);
  });
  return keys;
}

/**
 * Events, wallet rows and answers with one statement (one round trip), each set as one JSON document,
 * written only if no wallet changed since the batch read it (or the cache remembered it) and the
 * cache epoch is still the one read ($6).
 *
 * The statement's snapshot is taken before its locks, so a version must be read from the last
 * committed row, not the snapshot's. The upsert does that for the wallets it changes: ON CONFLICT
 * locks each row and checks its version; one that moved is left alone, and then the statement
 * aborts (ledger.batch_outdated), taking its events and answers with it. Wallets a command was
 * decided on without changing them ($7: a refusal) are locked (FOR NO KEY UPDATE) and checked in
 * `outdated` first. A wallet that another instance creates meanwhile collides on the upsert, or on
 * events_stream_version with its first event. The transaction id is taken by the first row lock or
 * insert, which all come after `locked` has taken every advisory lock, so for each wallet transaction
 * ids grow in commit order (see commit-order.ts). Event rows are in stream order, so ids (assigned in
 * row order) keep each wallet's order too.
 */
const WRITE_BATCH_SQL = `WITH locked AS MATERIALIZED (${LOCK_WALLETS_SQL('$1')}),
       unchanged AS MATERIALIZED (
         SELECT w.wallet_id, w.version FROM locked, ledger.wallets w WHERE w.wallet_id = ANY($7::text[]) FOR NO KEY UPDATE OF w
       ), outdated AS MATERIALIZED (
         SELECT r.wallet_id FROM locked, unnest($1::text[], $2::int[]) AS r(wallet_id, version) LEFT JOIN unchanged c USING (wallet_id)
         WHERE r.wallet_id = ANY($7::text[]) AND coalesce(c.version, 0) <> r.version
         UNION ALL
         SELECT 'epoch' FROM ledger.cache_epoch WHERE epoch <> $6::bigint
       ), appended AS (
         INSERT INTO ledger.events (event_id, stream_id, stream_version, type, version, data, metadata, occurred_at)
         SELECT event_id, stream_id, stream_version, type, version, data, metadata, occurred_at
         -- jsonb: parsed once, its data and metadata then taken as they are (json would parse them again).
         FROM jsonb_to_recordset($3::jsonb) AS e(event_id uuid, stream_id text, stream_version int, type text, version int,
                                                data jsonb, metadata jsonb, occurred_at timestamptz)
         WHERE NOT EXISTS (SELECT FROM outdated)
       ), projected AS (
         ${upsertWalletRowsSql('ledger.wallets', '$4', {
           insertIf: 'NOT EXISTS (SELECT FROM outdated)',
           updateIf: `ledger.wallets.version = (SELECT r.version FROM unnest($1::text[], $2::int[]) AS r(wallet_id, version) WHERE r.wallet_id = EXCLUDED.wallet_id)`,
         })}
         RETURNING 1
       ), answered AS (
         INSERT INTO ledger.idempotency (wallet_id, key, request_hash, status, body, wallet_version, created_at)
         SELECT wallet_id, key, request_hash, status, body, wallet_version, created_at
         FROM json_to_recordset($5::json) AS i(wallet_id text, key text, request_hash text, status int, body json, wallet_version int,
                                              created_at timestamptz)
         WHERE NOT EXISTS (SELECT FROM outdated)
       )
       SELECT CASE WHEN (SELECT count(*) FROM projected) < $8::int THEN ledger.batch_outdated()
                   ELSE (SELECT count(*)::int FROM outdated) END AS outdated`;

/** SQLSTATE of ledger.batch_outdated: a wallet the write changes moved since the batch read it. */
const BATCH_OUTDATED = 'CL001';

/** The unique indexes a batch decided from the cache may collide with, having read no answers, spends or events. */
const COLLISIONS_OF_UNREAD_ROWS = new Set(['idempotency_pkey', 'events_spent_once', 'events_stream_version']);

/**
 * Writes a batch's events, wallet rows and answers; false (nothing written) when a wallet is no
 * longer at the version read, when the epoch moved, or (with `collisionsRetry`) when the batch
 * collided with a row it did not read.
 */
async function writeBatch(
  client: PoolClient,
  read: { readonly walletIds: readonly string[]; readonly versions: readonly number[]; readonly unchanged: readonly string[]; readonly epoch: string },
  events: readonly EventRow[],
  wallets: readonly WalletRow[],
  answers: readonly AnswerRow[],
  options: { readonly collisionsRetry: boolean },
): Promise<boolean> {
  try {
    const result = await client.query<{ outdated: number }>({
      name: 'ledger-write-batch',
      text: WRITE_BATCH_SQL,
      values: [
        read.walletIds,
        read.versions,
        JSON.stringify(events),
        JSON.stringify(wallets),
        JSON.stringify(answers),
        read.epoch,
        read.unchanged,
        wallets.length,
      ],
    });
    return result.rows[0].outdated === 0;
  } catch (error) {
    const { code, constraint } = error as { code?: string; constraint?: string };
    if (code === BATCH_OUTDATED) return false;
    if (options.collisionsRetry && code === '23505' && constraint && COLLISIONS_OF_UNREAD_ROWS.has(constraint)) return false;
    // A wallet created by another instance since the read (see WRITE_BATCH_SQL), or a writer that
    // bypassed the locks: the batch fails and is retried one command at a time.
    if (constraint === 'events_stream_version') {
      throw new WrongExpectedVersionError(events[0].stream_id, events[0].stream_version - 1);
    }
    throw error;
  }
}
