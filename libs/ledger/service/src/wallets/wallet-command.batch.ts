import { WrongExpectedVersionError } from '@credits/event-store';
import { decide, evolve, initialWalletState, type WalletState } from '@credits/ledger-domain';
import { ProblemException, Problems } from '@credits/platform/core';
import { randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';
import type { WalletCommandRequest, WalletCommandResponse } from './wallet-command.executor';
import { upsertWalletRows, walletRow, type WalletRow } from './wallet-rows';
import { balanceView, rejectionProblem } from './wallet-views';

/** A command waiting in the executor's queue, with what it needs from the caller's context. */
export interface QueuedCommand {
  readonly request: WalletCommandRequest;
  readonly walletId: string;
  readonly requestHash: string;
  readonly correlationId: string;
}

/** How one command of a batch ended: a response (stored for retries), or a problem it alone is refused with. */
export type CommandOutcome =
  | { readonly ok: true; readonly response: WalletCommandResponse }
  | { readonly ok: false; readonly problem: ProblemException };

/**
 * LOCK_KEY_SQL for many wallets at once: the advisory locks are taken in ascending key order (so two
 * batches cannot deadlock), and the transaction id only after all of them, which keeps per-wallet
 * commit order in (tx_id, id) (see commit-order.ts).
 */
const LOCK_WALLETS_SQL = `
  WITH locked AS MATERIALIZED (
    SELECT count(pg_advisory_xact_lock(key)) AS n
    FROM (SELECT DISTINCT hashtextextended(wallet_id, 0) AS key FROM unnest($1::text[]) AS wallet_id ORDER BY 1) AS keys
  )
  SELECT pg_current_xact_id()::text AS tx_id FROM locked`;

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

interface AnswerRow {
  wallet_id: string;
  key: string;
  request_hash: string;
  status: number;
  body: object;
  created_at: string;
}

const answerKey = (walletId: string, key: string) => `${walletId}\n${key}`;

/**
 * Commits a batch of commands in the caller's transaction: locks their wallets, reads states and
 * stored answers once, decides each command in arrival order on the state the previous ones left
 * (so they see each other's effects, exactly as if run one after another), then writes all events,
 * wallet rows and answers with one statement each. Preconditions must only read; one that throws
 * a problem refuses its command alone. Any other error is thrown and fails the whole batch.
 */
export async function commitBatch(client: PoolClient, batch: readonly QueuedCommand[]): Promise<CommandOutcome[]> {
  const walletIds = [...new Set(batch.map((queued) => queued.walletId))];
  await client.query(LOCK_WALLETS_SQL, [walletIds]);
  const states = await loadStates(client, walletIds);
  const answers = await loadAnswers(client, batch);
  const events: EventRow[] = [];
  const wallets = new Map<string, WalletRow>();
  const newAnswers: AnswerRow[] = [];

  const run = async ({ request, walletId, requestHash, correlationId }: QueuedCommand): Promise<CommandOutcome> => {
    const previous = answers.get(answerKey(walletId, request.idempotencyKey));
    if (previous) {
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
    try {
      await request.precondition(client);
    } catch (error) {
      if (error instanceof ProblemException) return { ok: false, problem: error };
      throw error;
    }
    const state = states.get(walletId) ?? initialWalletState(walletId);
    const command = request.command(walletId);
    const decision = decide(command, state);
    let response: WalletCommandResponse;
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
          metadata: { correlationId, causationId: request.causationId ?? null },
          occurred_at: event.data.occurredAt,
        });
        return eventId;
      });
      const next = decision.events.reduce(evolve, state);
      states.set(walletId, next);
      if (decision.events.length > 0) wallets.set(walletId, walletRow(request.owner, next, command.now));
      response = { status: 201, body: { ...balanceView(next, command.now), eventIds }, replayed: false };
    } else {
      const problem = rejectionProblem(decision.rejection);
      response = { status: problem.status, body: problem.toProblem(), replayed: false };
    }
    answers.set(answerKey(walletId, request.idempotencyKey), { requestHash, status: response.status, body: response.body });
    newAnswers.push({
      wallet_id: walletId,
      key: request.idempotencyKey,
      request_hash: requestHash,
      status: response.status,
      body: response.body,
      created_at: command.now,
    });
    return { ok: true, response };
  };

  const outcomes: CommandOutcome[] = [];
  for (const queued of batch) outcomes.push(await run(queued));
  await appendEvents(client, events);
  await upsertWalletRows(client, [...wallets.values()]);
  await writeAnswers(client, newAnswers);
  return outcomes;
}

async function loadStates(client: PoolClient, walletIds: readonly string[]): Promise<Map<string, WalletState>> {
  const result = await client.query<{ wallet_id: string; state: WalletState }>(
    `SELECT wallet_id, state FROM ledger.wallets WHERE wallet_id = ANY($1::text[])`,
    [walletIds],
  );
  return new Map(result.rows.map((row) => [row.wallet_id, row.state]));
}

async function loadAnswers(client: PoolClient, batch: readonly QueuedCommand[]): Promise<Map<string, StoredAnswer>> {
  const result = await client.query<{ wallet_id: string; key: string; request_hash: string; status: number; body: object }>(
    `SELECT i.wallet_id, i.key, i.request_hash, i.status, i.body
     FROM ledger.idempotency i JOIN unnest($1::text[], $2::text[]) AS k(wallet_id, key) USING (wallet_id, key)`,
    [batch.map((queued) => queued.walletId), batch.map((queued) => queued.request.idempotencyKey)],
  );
  return new Map(
    result.rows.map((row) => [answerKey(row.wallet_id, row.key), { requestHash: row.request_hash, status: row.status, body: row.body }]),
  );
}

// Rows go in as one JSON document, as in upsertWalletRows.

async function appendEvents(client: PoolClient, rows: readonly EventRow[]): Promise<void> {
  if (rows.length === 0) return;
  try {
    // Rows are in stream order, so ids (assigned in row order) keep each wallet's order too.
    await client.query(
      `INSERT INTO ledger.events (event_id, stream_id, stream_version, type, version, data, metadata, occurred_at)
       SELECT event_id, stream_id, stream_version, type, version, data, metadata, occurred_at
       FROM json_to_recordset($1::json) AS e(event_id uuid, stream_id text, stream_version int, type text, version int,
                                            data jsonb, metadata jsonb, occurred_at timestamptz)`,
      [JSON.stringify(rows)],
    );
  } catch (error) {
    // The wallets are locked, so only a writer that bypassed the lock gets here; the batch then fails
    // and is retried one command at a time, where the first row names the stream.
    if ((error as { constraint?: string }).constraint === 'events_stream_version') {
      throw new WrongExpectedVersionError(rows[0].stream_id, rows[0].stream_version - 1);
    }
    throw error;
  }
}

async function writeAnswers(client: PoolClient, rows: readonly AnswerRow[]): Promise<void> {
  if (rows.length === 0) return;
  await client.query(
    `INSERT INTO ledger.idempotency (wallet_id, key, request_hash, status, body, created_at)
     SELECT wallet_id, key, request_hash, status, body, created_at
     FROM json_to_recordset($1::json) AS i(wallet_id text, key text, request_hash text, status int, body jsonb, created_at timestamptz)`,
    [JSON.stringify(rows)],
  );
}
