import { upcastLedgerEvent, type StoredLedgerEvent, type LedgerEvent, type WalletOwner, type WalletOwnerType } from '@credits/contracts';
import { PgEventStore, WrongExpectedVersionError } from '@credits/event-store';
import {
  evolve,
  holdIdOf,
  initialWalletState,
  lotIdOf,
  replay,
  spendIdOf,
  usedIdsOf,
  warningKeyOf,
  withExpiredLots,
  withExpiryWarnings,
  withHolds,
  withSpends,
  withUsedIds,
  type LedgerCommand,
  type WalletState,
} from '@credits/ledger-domain';
import type { Pool, PoolClient } from 'pg';
import { locationFactsParams, locationFactsSql } from '../membership-projection/membership-projection.store';
import type { FactsRow } from '../access/wallet-access';
import { LEDGER_SCHEMA } from '../shared/ledger.tokens';
import { answerKey, successBody, type BatchInputs, type BatchWrite, type NewAnswerRow, type QueuedCommand, type StoredAnswer } from './wallet-batch.decision';
import type { WalletBatchStore } from './wallet-command.batch';
import { upsertWalletRowsSql } from './wallet-rows';

/** The wallet's SQL: the command path's batch store (events, wallet rows, answers), and the reads of queries. */

const eventStore = new PgEventStore(LEDGER_SCHEMA);

/** The wallet as its projection row has it now (a snapshot: no spends, see snapshotOf). */
export async function loadWallet(db: Pool | PoolClient, walletId: string): Promise<WalletState> {
  const result = await db.query<{ state: WalletState }>(`SELECT state FROM ledger.wallets WHERE wallet_id = $1`, [walletId]);
  return result.rows[0]?.state ?? initialWalletState(walletId);
}

/** One balance read: the wallet, its owner, and who asks (null: a service). */
export interface WalletRead {
  readonly owner: WalletOwner;
  readonly walletId: string;
  readonly callerId: string | null;
}

/** What a balance read needs: the facts for its access check and the wallet. */
export interface WalletToRead {
  readonly facts: FactsRow;
  readonly wallet: WalletState;
}

// Arrays as parameters: the same text, hence the same prepared plan, whatever the batch size.
const READ_WALLETS_SQL = `SELECT (${locationFactsSql(['$1', '$2', '$3', '$4'])}) AS facts,
  (SELECT json_agg(w.state ORDER BY k.n) FROM unnest($5::text[]) WITH ORDINALITY AS k(wallet_id, n)
   LEFT JOIN ledger.wallets w USING (wallet_id)) AS states`;

/**
 * Balance reads' facts and wallet rows, in request order, with one prepared statement: reads are the
 * hottest requests of the API, and a batch pays a statement's fixed cost once (see WalletReadBatcher).
 */
export async function loadWalletsToRead(db: Pool | PoolClient, reads: readonly WalletRead[]): Promise<WalletToRead[]> {
  if (reads.length === 0) return [];
  const result = await db.query<{ facts: FactsRow[]; states: (WalletState | null)[] }>({
    name: 'ledger-read-wallets',
    text: READ_WALLETS_SQL,
    values: [...locationFactsParams(reads), reads.map((read) => read.walletId)],
  });
  const { facts, states } = result.rows[0];
  return reads.map((read, i) => ({ facts: facts[i], wallet: states[i] ?? initialWalletState(read.walletId) }));
}

/** The wallet as it stood at `until` (an ISO instant), folded from its events (R18). */
export async function walletAsOf(db: Pool | PoolClient, walletId: string, until: string): Promise<WalletState> {
  const events = await eventStore.readStream(db, walletId, { until });
  return events.length ? replay(walletId, events.map(upcastLedgerEvent)) : initialWalletState(walletId);
}

/** The events a command appended (its response lists their ids), in stream order. */
export async function eventsByIds(db: Pool | PoolClient, eventIds: readonly string[]): Promise<LedgerEvent[]> {
  if (eventIds.length === 0) return [];
  const result = await db.query<{ type: string; version: number; data: unknown }>(
    `SELECT type, version, data FROM ledger.events WHERE event_id = ANY($1::uuid[]) ORDER BY stream_version`,
    [eventIds],
  );
  return result.rows.map(upcastLedgerEvent);
}

/** Which entries of a wallet's history to list, newest first (null: no bound). */
export interface HistoryFilter {
  /** stream version of the last entry already seen */
  readonly before: number | null;
  readonly asOf: string | null;
  readonly types: readonly string[] | null;
  readonly from: string | null;
  readonly to: string | null;
  readonly limit: number;
}

export interface HistoryRow {
  readonly event_id: string;
  readonly stream_version: number;
  readonly type: string;
  readonly version: number;
  readonly data: object;
  readonly occurred_at: Date;
}

export async function walletHistory(db: Pool | PoolClient, walletId: string, filter: HistoryFilter): Promise<HistoryRow[]> {
  const rows = await db.query<HistoryRow>(
    `SELECT event_id, stream_version, type, version, data, occurred_at FROM ledger.events
     WHERE stream_id = $1 AND ($2::int IS NULL OR stream_version < $2) AND ($3::timestamptz IS NULL OR occurred_at <= $3)
       AND ($5::text[] IS NULL OR type = ANY($5)) AND ($6::timestamptz IS NULL OR occurred_at >= $6) AND ($7::timestamptz IS NULL OR occurred_at < $7)
     ORDER BY stream_version DESC LIMIT $4`,
    [walletId, filter.before, filter.asOf, filter.limit, filter.types, filter.from, filter.to],
  );
  return rows.rows;
}

/** A wallet row the expiry scheduler has work for. */
export interface DueWallet {
  readonly wallet_id: string;
  readonly location_id: string;
  readonly owner_type: WalletOwnerType;
  readonly owner_id: string;
  /** the instant that made it due (next_due_at or next_warning_at) */
  readonly due: Date;
  readonly version: number;
}

/** Up to `limit` wallets whose `column` is at or before `until`, in wallet id order after `after` (keyset). */
export async function walletsDue(
  db: Pool | PoolClient,
  column: 'next_due_at' | 'next_warning_at',
  until: Date,
  after: string,
  limit: number,
): Promise<DueWallet[]> {
  const due = await db.query<DueWallet>(
    `SELECT wallet_id, location_id, owner_type, owner_id, ${column} AS due, version FROM ledger.wallets
     WHERE ${column} <= $1 AND wallet_id > $2 ORDER BY wallet_id LIMIT $3`,
    [until, after, limit],
  );
  return due.rows;
}

/** The command path's store on one connection (in a transaction when the executor holds one). */
export class PgWalletBatchStore implements WalletBatchStore {
  constructor(private readonly client: PoolClient) {}

  /** Holds the wallets' locks until the transaction ends; taken before a batch that must not race. */
  async lock(walletIds: readonly string[]): Promise<void> {
    await this.client.query({ name: 'ledger-lock-wallets', text: LOCK_WALLETS_SQL('$1'), values: [walletIds] });
  }

  load(walletIds: readonly string[], batch: readonly QueuedCommand[], commands: readonly LedgerCommand[]): Promise<BatchInputs> {
    return loadBatch(this.client, walletIds, batch, commands);
  }

  write(write: BatchWrite, options: { readonly checkEpoch: boolean; readonly collisionsRetry: boolean }): Promise<boolean> {
    return writeBatch(this.client, write, options);
  }
}

/**
 * The wallets' locks, in ascending key order so that two batches cannot deadlock. Taken by the
 * write (WRITE_BATCH_SQL) and, when a batch has to run again because another instance changed one of
 * its wallets, for the whole transaction before the batch is read (PgWalletBatchStore.lock).
 */
const LOCK_WALLETS_SQL = (walletIds: string) => `SELECT count(pg_advisory_xact_lock(key)) AS n
  FROM (SELECT DISTINCT hashtextextended(wallet_id, 0) AS key FROM unnest(${walletIds}::text[]) AS wallet_id ORDER BY 1) AS keys`;

type TailEvent = StoredLedgerEvent & { readonly stream_id: string };

/** An event row `e` as a TailEvent. */
const TAIL_EVENT_JSON = `json_build_object('stream_id', e.stream_id, 'type', e.type, 'version', e.version, 'data', e.data)`;

export const LOAD_BATCH_SQL = `SELECT (SELECT coalesce(json_agg(json_build_object('wallet_id', wallet_id, 'state', state)), '[]')
             FROM ledger.wallets WHERE wallet_id = ANY($1::text[])) AS states,
            (SELECT coalesce(json_agg(${TAIL_EVENT_JSON}
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
             LATERAL (SELECT json_agg(${TAIL_EVENT_JSON}
                                      ORDER BY e.stream_version) AS events
                      FROM (SELECT * FROM ledger.events WHERE stream_id = k.wallet_id AND data->>'spendId' = k.spend_id AND type = 'CreditsSpent'
                            UNION ALL
                            SELECT * FROM ledger.events WHERE stream_id = k.wallet_id AND data->>'spendId' = k.spend_id AND type = 'CreditsRefunded') AS e) AS s
             WHERE s.events IS NOT NULL) AS spend_events,
            (SELECT coalesce(json_agg(h.events), '[]')
             FROM unnest($13::text[], $14::text[]) AS k(wallet_id, hold_id),
             -- One branch per partial index (events_held_once, events_hold_ends, events_hold_refunds).
             LATERAL (SELECT json_agg(${TAIL_EVENT_JSON}
                                      ORDER BY e.stream_version) AS events
                      FROM (SELECT * FROM ledger.events WHERE stream_id = k.wallet_id AND data->>'holdId' = k.hold_id AND type = 'CreditsHeld'
                            UNION ALL
                            SELECT * FROM ledger.events WHERE stream_id = k.wallet_id AND data->>'holdId' = k.hold_id
                                                          AND type IN ('CreditsHoldCaptured', 'CreditsHoldReleased')
                            UNION ALL
                            SELECT * FROM ledger.events WHERE stream_id = k.wallet_id AND data->>'holdId' = k.hold_id AND type = 'CreditsRefunded') AS e) AS h
             WHERE h.events IS NOT NULL) AS hold_events,
            -- The events that used the deduction and refund ids the commands name (see usesId).
            (SELECT coalesce(json_agg(${TAIL_EVENT_JSON}), '[]')
             FROM unnest($10::text[], $11::text[], $12::text[]) AS k(wallet_id, deduction_id, refund_id),
             LATERAL (SELECT * FROM ledger.events WHERE stream_id = k.wallet_id AND data->>'deductionId' = k.deduction_id AND type = 'CreditsDeducted'
                      UNION ALL
                      SELECT * FROM ledger.events WHERE stream_id = k.wallet_id AND data->>'refundId' = k.refund_id AND type = 'CreditsRefunded') AS e) AS used_id_events,
            -- The grants of the lots the commands name (see namesLot; events_granted_once). LIMIT
            -- keeps the subquery from being flattened into a join, which a plan made while the store
            -- was small ran as a scan of every grant.
            (SELECT coalesce(json_agg(${TAIL_EVENT_JSON}), '[]')
             FROM unnest($15::text[], $16::text[]) AS k(wallet_id, lot_id),
             LATERAL (SELECT * FROM ledger.events WHERE stream_id = k.wallet_id AND data->>'lotId' = k.lot_id AND type = 'CreditsGranted' LIMIT 1) AS e) AS grant_events,
            -- A notice of the key an expiring grant's lot would carry (see namesWarning; the expression
            -- is the one of events_expiry_notices, and the domain's expiryWarningKey).
            (SELECT coalesce(json_agg(${TAIL_EVENT_JSON}), '[]')
             FROM unnest($17::text[], $18::text[]) AS k(wallet_id, warning_key),
             LATERAL (SELECT * FROM ledger.events WHERE stream_id = k.wallet_id AND type = 'CreditsExpiringSoon'
                        AND (CASE WHEN data->>'planPeriodId' IS NOT NULL THEN 'period:' || (data->>'planPeriodId')
                                  ELSE 'expires:' || (data->>'expiresAt') END) = k.warning_key
                      LIMIT 1) AS e) AS warning_events,
            (SELECT epoch::text FROM ledger.cache_epoch) AS epoch`;

/**
 * States, stored answers, access facts and what the commands name with one statement, all of one
 * snapshot. A wallet row is a snapshot: events past its version (none, unless the row was lost or is
 * being rebuilt) are folded on top; the spends, holds, lots, notices and used ids the commands name are
 * added from their events (see snapshotOf). `rowVersions`: the versions the write checks the rows are still at.
 */
async function loadBatch(
  client: PoolClient,
  walletIds: readonly string[],
  batch: readonly QueuedCommand[],
  commands: readonly LedgerCommand[],
): Promise<BatchInputs> {
  const checked = batch.filter(({ request }) => request.access);
  const result = await client.query<{
    states: { wallet_id: string; state: WalletState }[];
    tails: TailEvent[];
    answers: (Omit<NewAnswerRow, 'body'> & { body: { eventIds?: string[] } })[];
    facts: FactsRow[];
    spend_events: TailEvent[][];
    used_id_events: TailEvent[];
    hold_events: TailEvent[][];
    grant_events: TailEvent[];
    warning_events: TailEvent[];
    epoch: string;
  }>({
    name: 'ledger-load-batch',
    text: LOAD_BATCH_SQL,
    values: [
      walletIds,
      batch.map((queued) => queued.walletId),
      batch.map((queued) => queued.request.idempotencyKey),
      ...locationFactsParams(checked.map(({ request }) => ({ owner: request.owner, callerId: request.access!.callerId }))),
      ...namedKeys(batch, commands, spendIdOf),
      ...usedIdKeys(batch, commands),
      ...namedKeys(batch, commands, holdIdOf),
      ...namedKeys(batch, commands, lotIdOf),
      ...namedKeys(batch, commands, warningKeyOf),
    ],
  });
  const { states, tails, answers, epoch } = result.rows[0];
  // Back in batch order: commands without a check get no facts.
  const checkedFacts = result.rows[0].facts[Symbol.iterator]();
  const facts = batch.map(({ request }) => (request.access ? checkedFacts.next().value : null) as FactsRow);
  const stateOf = new Map(states.map((row) => [row.wallet_id, row.state]));
  const rowVersions = new Map(states.map((row) => [row.wallet_id, row.state.version]));
  for (const event of tails) stateOf.set(event.stream_id, evolve(stateOf.get(event.stream_id) ?? initialWalletState(event.stream_id), upcastLedgerEvent(event)));
  const storedAnswers = new Map<string, StoredAnswer>();
  for (const row of answers) {
    const body =
      row.wallet_version === null
        ? row.body
        : successBody(await stateAt(client, stateOf, row.wallet_id, row.wallet_version), new Date(row.created_at).toISOString(), row.body.eventIds ?? []);
    storedAnswers.set(answerKey(row.wallet_id, row.key), { requestHash: row.request_hash, status: row.status, body });
  }
  // What the snapshots leave out and the commands name, from their events (see snapshotOf).
  const add = (events: readonly TailEvent[], addTo: (state: WalletState, events: LedgerEvent[]) => WalletState) => {
    for (const [walletId, walletEvents] of byStream(events)) stateOf.set(walletId, addTo(stateOf.get(walletId) ?? initialWalletState(walletId), walletEvents));
  };
  add(result.rows[0].spend_events.flat(), withSpends);
  add(result.rows[0].hold_events.flat(), withHolds);
  add(result.rows[0].used_id_events, withUsedIds);
  add(result.rows[0].grant_events, withExpiredLots);
  add(result.rows[0].warning_events, withExpiryWarnings);
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
  return replay(walletId, rows.map(upcastLedgerEvent));
}

/** Events by wallet, in the order given. */
function byStream(events: readonly TailEvent[]): Map<string, LedgerEvent[]> {
  const byWallet = new Map<string, LedgerEvent[]>();
  for (const event of events) {
    const walletEvents = byWallet.get(event.stream_id) ?? [];
    byWallet.set(event.stream_id, walletEvents);
    walletEvents.push(upcastLedgerEvent(event));
  }
  return byWallet;
}

/** The (wallet, deduction id, refund id) the commands name (see usedIdsOf), as three text arrays. */
function usedIdKeys(batch: readonly QueuedCommand[], commands: readonly LedgerCommand[]): [string[], (string | null)[], (string | null)[]] {
  const keys: [string[], (string | null)[], (string | null)[]] = [[], [], []];
  commands.forEach((command, index) => {
    const { deductionId, refundId } = usedIdsOf(command);
    if (deductionId === null && refundId === null) return;
    keys[0].push(batch[index].walletId);
    keys[1].push(deductionId);
    keys[2].push(refundId);
  });
  return keys;
}

/** The (wallet, id) pairs of what the commands name (`idOf`: a spend, a hold, a lot, a notice), as two text arrays. */
function namedKeys(batch: readonly QueuedCommand[], commands: readonly LedgerCommand[], idOf: (command: LedgerCommand) => string | null): [string[], string[]] {
  const keys: [string[], string[]] = [[], []];
  commands.forEach((command, index) => {
    const id = idOf(command);
    if (id === null) return;
    keys[0].push(batch[index].walletId);
    keys[1].push(id);
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
         SELECT 'epoch' FROM ledger.cache_epoch WHERE epoch <> $6::bigint -- null: not checked
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

/** The unique indexes a batch decided from the cache may collide with, having read no answers, spends, lots or events. */
const COLLISIONS_OF_UNREAD_ROWS = new Set(['idempotency_pkey', 'events_spent_once', 'events_held_once', 'events_deducted_once', 'events_granted_once', 'events_stream_version']);

/**
 * Writes a batch's events, wallet rows and answers; false (nothing written) when a wallet is no
 * longer at the version read, when (with `checkEpoch`) the epoch moved, or (with `collisionsRetry`) when the batch
 * collided with a row it did not read.
 */
async function writeBatch(client: PoolClient, write: BatchWrite, options: { readonly checkEpoch: boolean; readonly collisionsRetry: boolean }): Promise<boolean> {
  try {
    const result = await client.query<{ outdated: number }>({
      name: 'ledger-write-batch',
      text: WRITE_BATCH_SQL,
      values: [
        write.walletIds,
        write.versions,
        JSON.stringify(write.events),
        JSON.stringify(write.wallets),
        JSON.stringify(write.answers),
        options.checkEpoch ? write.epoch : null,
        write.unchanged,
        write.wallets.length,
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
      throw new WrongExpectedVersionError(write.events[0].stream_id, write.events[0].stream_version - 1);
    }
    throw error;
  }
}
