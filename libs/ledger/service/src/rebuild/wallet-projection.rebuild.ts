import { upcastLedgerEvent, parseWalletId } from '@credits/contracts';
import { withTransaction } from '@credits/event-store';
import { applyToDraft, draftOf, initialWalletState, type WalletDraft } from '@credits/ledger-domain';
import type { Pool, PoolClient } from 'pg';
import { upsertWalletRows, upsertWalletRowsSql, walletRow, type WalletRow } from '../wallets/wallet-rows';

const LIVE = 'ledger.wallets';
const FRESH = 'ledger.wallets_rebuild';

export interface RebuildOptions {
  /** replace the live projection with the rebuilt one (while the service keeps writing) */
  readonly swap?: boolean;
  /** events per page of the scan */
  readonly pageSize?: number;
  readonly log?: (line: string) => void;
}

export interface ProjectionDifference {
  readonly walletId: string;
  /** `missing`: no live row; `unexpected`: a live row without events; `stream`: events out of order */
  readonly kind: 'different' | 'missing' | 'unexpected' | 'stream';
  /** the columns that differ */
  readonly fields: readonly string[];
  readonly live: Partial<WalletRow> | null;
  readonly rebuilt: Partial<WalletRow> | null;
}

export interface RebuildReport {
  readonly events: number;
  readonly wallets: number;
  readonly differences: readonly ProjectionDifference[];
  /** events appended while the rebuild ran, applied before the swap */
  readonly caughtUp: number;
  readonly swapped: boolean;
}

interface Folded {
  readonly state: WalletDraft;
  updatedAt: string;
}

/** An in-memory projection being rebuilt from events in commit order. */
class Replay {
  readonly wallets = new Map<string, Folded>();
  readonly broken: ProjectionDifference[] = [];
  events = 0;

  apply(row: EventRow): string {
    const walletId = row.stream_id;
    let folded = this.wallets.get(walletId);
    if (!folded) this.wallets.set(walletId, (folded = { state: draftOf(initialWalletState(walletId)), updatedAt: '' }));
    if (row.stream_version !== folded.state.version + 1) {
      const rebuilt = { wallet_id: walletId, version: folded.state.version };
      this.broken.push({ walletId, kind: 'stream', fields: [`stream_version ${row.stream_version} after ${folded.state.version}`], live: null, rebuilt });
    }
    applyToDraft(folded.state, upcastLedgerEvent(row));
    folded.updatedAt = row.occurred_at;
    this.events += 1;
    return walletId;
  }

  row(walletId: string): WalletRow {
    const { state, updatedAt } = this.wallets.get(walletId)!;
    const owner = parseWalletId(walletId) ?? { locationId: '', ownerType: 'user', ownerId: '' };
    return walletRow(owner, state, updatedAt);
  }
}

interface EventRow {
  tx: string;
  id: string;
  stream_id: string;
  stream_version: number;
  type: string;
  version: number;
  data: unknown;
  occurred_at: string;
}

// occurred_at as ISO text, as the executor writes updated_at; commit order as in commit-order.ts.
const EVENT_COLUMNS = `tx_id::text AS tx, id, stream_id, stream_version, type, version, data,
  to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS occurred_at`;

/** Reads pages of `page(after)`, each fetched while the one before is folded, and applies their rows. */
async function scanPages(replay: Replay, pageSize: number, page: (after: EventRow | null) => Promise<EventRow[]>, onRow: (walletId: string) => unknown): Promise<void> {
  let rows = await page(null);
  while (rows.length > 0) {
    const next = rows.length === pageSize ? page(rows[rows.length - 1]) : null;
    for (const row of rows) await onRow(replay.apply(row));
    rows = next ? await next : [];
  }
}

/**
 * Folds every event this transaction's snapshot sees, wallet after wallet (stream order: a wallet is
 * complete when the next one starts, so its row is written while the scan goes on).
 */
async function scanByWallet(client: PoolClient, replay: Replay, pageSize: number, complete: (walletId: string) => Promise<void>): Promise<void> {
  let current: string | null = null;
  await scanPages(
    replay,
    pageSize,
    async (after) =>
      (
        await client.query<EventRow>(
          `SELECT ${EVENT_COLUMNS} FROM ledger.events WHERE (stream_id, stream_version) > ($1, $2) ORDER BY stream_id, stream_version LIMIT $3`,
          [after?.stream_id ?? '', after?.stream_version ?? 0, pageSize],
        )
      ).rows,
    async (walletId) => {
      if (current !== null && walletId !== current) await complete(current);
      current = walletId;
    },
  );
  if (current !== null) await complete(current);
}

/** Folds, in commit order, the events committed after snapshot `since` that this transaction sees. */
async function scanSince(client: PoolClient, replay: Replay, pageSize: number, since: string, touched: Set<string>): Promise<void> {
  await scanPages(
    replay,
    pageSize,
    async (after) =>
      (
        await client.query<EventRow>(
          `SELECT ${EVENT_COLUMNS} FROM ledger.events
           WHERE (tx_id, id) > ($1::xid8, $2::bigint) AND tx_id >= pg_snapshot_xmin($4::pg_snapshot) AND NOT pg_visible_in_snapshot(tx_id, $4::pg_snapshot)
           ORDER BY tx_id, id LIMIT $3`,
          [after?.tx ?? '0', after?.id ?? '0', pageSize, since],
        )
      ).rows,
    (walletId) => touched.add(walletId),
  );
}

/** A repeatable-read, read-only transaction: one snapshot, and no transaction id that would hold back the relays. */
async function inSnapshot<T>(pool: Pool, work: (client: PoolClient, snapshot: string) => Promise<T>): Promise<T> {
  return withTransaction(pool, async (client) => {
    await client.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    const snapshot = (await client.query<{ s: string }>('SELECT pg_current_snapshot()::text AS s')).rows[0].s;
    return work(client, snapshot);
  });
}

const COLUMNS = ['location_id', 'owner_type', 'owner_id', 'version', 'state', 'updated_at', 'next_due_at', 'next_warning_at'] as const;
const COLUMNS_BUT_STATE = COLUMNS.filter((c) => c !== 'state');
const rowJson = (alias: string) =>
  `CASE WHEN ${alias}.wallet_id IS NOT NULL THEN json_build_object('wallet_id', ${alias}.wallet_id, ${COLUMNS.filter((c) => c !== 'updated_at')
    .map((c) => `'${c}', ${alias}.${c}`)
    .join(', ')}, 'updated_at', to_char(${alias}.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) END`;

/**
 * Whether live and rebuilt values of column `c` differ. States are json (text): the same text is the
 * same state; other texts are compared as jsonb, where key order and spacing do not count.
 */
const distinct = (c: string) =>
  c === 'state'
    ? `CASE WHEN l.state::text = f.state::text THEN false ELSE l.state::jsonb IS DISTINCT FROM f.state::jsonb END`
    : `l.${c} IS DISTINCT FROM f.${c}`;

type DifferenceRow = { wallet_id: string; fields: string[]; live: WalletRow | null; rebuilt: WalletRow | null };

/** Differences between rebuilt rows `f` and live rows `l` (either may be absent), compared in the database. */
const differencesSql = (from: string, where: string) => `
  SELECT coalesce(l.wallet_id, f.wallet_id) AS wallet_id,
         array_remove(ARRAY[${COLUMNS.map((c) => `CASE WHEN ${distinct(c)} THEN '${c}' END`).join(', ')}], NULL) AS fields,
         ${rowJson('l')} AS live, ${rowJson('f')} AS rebuilt
  FROM ${from} WHERE ${where}`;

/**
 * How the live rows of these rebuilt wallets differ. A live row newer than its rebuilt one changed
 * after the scan's snapshot and is left to the next check.
 */
const COMPARE_SQL = differencesSql(
  `${FRESH} f LEFT JOIN ${LIVE} l ON l.wallet_id = f.wallet_id`,
  `f.wallet_id = ANY($1::text[]) AND (l.wallet_id IS NULL OR (l.version <= f.version AND (${COLUMNS.map(distinct).join(' OR ')})))`,
);

/**
 * Writes a chunk of rebuilt rows and returns the wallets whose live row may differ (COMPARE_SQL then
 * says how). States are compared by a digest of their text, so the big states are neither returned
 * nor read back: evolve builds a state's JSON text from its content only.
 */
const WRITE_AND_SUSPECT_SQL = `
  WITH f AS (${upsertWalletRowsSql(FRESH, '$1')}
             RETURNING wallet_id, ${COLUMNS_BUT_STATE.join(', ')}, md5(state::text) AS state_md5)
  SELECT f.wallet_id FROM f LEFT JOIN ${LIVE} l ON l.wallet_id = f.wallet_id
  WHERE l.wallet_id IS NULL
     OR (l.version <= f.version AND (md5(l.state::text) <> f.state_md5 OR ${COLUMNS_BUT_STATE.map(distinct).join(' OR ')}))`;

/** Live rows with no rebuilt row: unexpected if their wallet has no events at all (else created after the snapshot). */
const UNEXPECTED_SQL = differencesSql(
  `${LIVE} l LEFT JOIN ${FRESH} f ON f.wallet_id = l.wallet_id`,
  `f.wallet_id IS NULL AND NOT EXISTS (SELECT 1 FROM ledger.events e WHERE e.stream_id = l.wallet_id)`,
);

function difference({ wallet_id: walletId, fields, live, rebuilt }: DifferenceRow): ProjectionDifference {
  if (!live) return { walletId, kind: 'missing', fields: [], live: null, rebuilt };
  if (!rebuilt) return { walletId, kind: 'unexpected', fields: [], live, rebuilt: null };
  const pick = (row: WalletRow) => Object.fromEntries(fields.map((field) => [field, row[field as keyof WalletRow]]));
  return { walletId, kind: 'different', fields, live: pick(live), rebuilt: pick(rebuilt) };
}

/**
 * Writes rebuilt rows in chunks while the caller goes on: up to `parallel` chunks in flight (on a
 * pool, each on its own connection), so the database writes on other cores while Node folds. With
 * `differences`, each chunk is compared with the live rows as it is written.
 */
class FreshRowWriter {
  private chunk: WalletRow[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private failure: unknown = null;

  constructor(
    private readonly db: Pick<PoolClient, 'query'>,
    private readonly parallel = 1,
    private readonly differences?: ProjectionDifference[],
  ) {}

  async add(row: WalletRow): Promise<void> {
    this.chunk.push(row);
    if (this.chunk.length === 2000) await this.send();
  }

  async flush(): Promise<void> {
    await this.send();
    await Promise.all(this.inFlight);
    if (this.failure) throw this.failure;
  }

  private async send(): Promise<void> {
    if (this.inFlight.size >= this.parallel) await Promise.race(this.inFlight);
    if (this.failure) throw this.failure;
    const rows = this.chunk;
    this.chunk = [];
    if (rows.length === 0) return;
    const { differences } = this;
    const written = differences
      ? this.db.query<{ wallet_id: string }>(WRITE_AND_SUSPECT_SQL, [JSON.stringify(rows)]).then(async ({ rows: suspects }) => {
          if (suspects.length === 0) return;
          const compared = await this.db.query<DifferenceRow>(COMPARE_SQL, [suspects.map((row) => row.wallet_id)]);
          differences.push(...compared.rows.map(difference));
        })
      : upsertWalletRows(this.db, rows, FRESH);
    // Caught here so a failure waits for the next send or flush instead of going unhandled.
    const write: Promise<void> = written.catch((error: unknown) => void (this.failure = error)).finally(() => this.inFlight.delete(write));
    this.inFlight.add(write);
  }
}

async function writeRows(db: Pick<PoolClient, 'query'>, replay: Replay, walletIds: Iterable<string>): Promise<void> {
  const writer = new FreshRowWriter(db);
  for (const walletId of walletIds) await writer.add(replay.row(walletId));
  await writer.flush();
}

/**
 * Replaces the live table by the fresh one, keeping the live index names, and moves the cache epoch:
 * a command path that remembers a wallet from the old table must read it again. Runs under the lock
 * that keeps writers out of the live table.
 */
async function swapTables(client: PoolClient): Promise<void> {
  const pairs = await client.query<{ live: string; fresh: string }>(
    `SELECT lc.relname AS live, fc.relname AS fresh
     FROM pg_index li JOIN pg_class lc ON lc.oid = li.indexrelid,
          pg_index fi JOIN pg_class fc ON fc.oid = fi.indexrelid
     WHERE li.indrelid = '${LIVE}'::regclass AND fi.indrelid = '${FRESH}'::regclass
       AND substring(pg_get_indexdef(li.indexrelid) FROM ' USING .*') = substring(pg_get_indexdef(fi.indexrelid) FROM ' USING .*')
       AND li.indisunique = fi.indisunique`,
  );
  await client.query(`DROP TABLE ${LIVE}`);
  await client.query(`ALTER TABLE ${FRESH} RENAME TO wallets`);
  for (const { live, fresh } of pairs.rows) await client.query(`ALTER INDEX ledger."${fresh}" RENAME TO "${live}"`);
  await client.query(`UPDATE ledger.cache_epoch SET epoch = epoch + 1`);
}

/**
 * Rebuilds the wallet projection from the event store: folds every event (upcast on read) with the
 * domain's fold into a fresh table, wallet by wallet from one snapshot, each row written as soon as
 * its wallet is complete, then compares it with the live one and reports every difference. With
 * `swap`, it then applies the events appended meanwhile and, under a short exclusive lock on the live
 * table (writers wait, nothing fails), applies the last few and renames the fresh table into place.
 */
export async function rebuildWalletProjection(pool: Pool, options: RebuildOptions = {}): Promise<RebuildReport> {
  const pageSize = options.pageSize ?? 20_000;
  const log = options.log ?? (() => undefined);
  await pool.query(`DROP TABLE IF EXISTS ${FRESH}`);
  // Unlogged while it is filled; made durable before it replaces the live table.
  await pool.query(`CREATE UNLOGGED TABLE ${FRESH} (LIKE ${LIVE} INCLUDING ALL)`);
  // LIKE copies columns, defaults, storage and indexes; the live table has no triggers to copy (the
  // int-spec checks the swapped table has the live one's indexes and triggers).

  const replay = new Replay();
  const compared: ProjectionDifference[] = [];
  const writer = new FreshRowWriter(pool, 2, compared);
  const snapshot = await inSnapshot(pool, async (client, snapshot) => {
    await scanByWallet(client, replay, pageSize, (walletId) => writer.add(replay.row(walletId)));
    return snapshot;
  });
  await writer.flush();
  log(`replayed ${replay.events} events into ${replay.wallets.size} wallets`);
  compared.push(...(await pool.query<DifferenceRow>(UNEXPECTED_SQL)).rows.map(difference));
  compared.sort((a, b) => (a.walletId < b.walletId ? -1 : a.walletId > b.walletId ? 1 : 0));
  const differences = [...replay.broken, ...compared];
  const report = { events: replay.events, wallets: replay.wallets.size, differences };
  if (!options.swap) {
    await pool.query(`DROP TABLE ${FRESH}`);
    return { ...report, caughtUp: 0, swapped: false };
  }

  const before = replay.events;
  const touched = new Set<string>();
  const caughtUpTo = await inSnapshot(pool, async (client, now) => {
    await scanSince(client, replay, pageSize, snapshot, touched);
    return now;
  });
  await pool.query(`ALTER TABLE ${FRESH} SET LOGGED`);
  await writeRows(pool, replay, touched);
  await withTransaction(pool, async (client) => {
    // Repeatable read after LOCK: the snapshot is taken once the lock is held, so it sees every
    // commit that touched the live table.
    await client.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
    await client.query(`SET LOCAL lock_timeout = '10s'`);
    await client.query(`LOCK TABLE ${LIVE} IN ACCESS EXCLUSIVE MODE`);
    const last = new Set<string>();
    await scanSince(client, replay, pageSize, caughtUpTo, last);
    await writeRows(client, replay, last);
    await swapTables(client);
  });
  log(`swapped in, after applying ${replay.events - before} events appended during the rebuild`);
  return { ...report, caughtUp: replay.events - before, swapped: true };
}
