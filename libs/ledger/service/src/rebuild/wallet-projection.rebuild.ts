import { parseWalletId } from '@credits/contracts';
import { withTransaction } from '@credits/event-store';
import { evolve, initialWalletState, upcast, type WalletState } from '@credits/ledger-domain';
import { isDeepStrictEqual } from 'node:util';
import type { Pool, PoolClient } from 'pg';
import { upsertWalletRows, walletRow, type WalletRow } from '../wallets/wallet-rows';

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
  state: WalletState;
  updatedAt: string;
}

/** An in-memory projection being rebuilt from events in commit order. */
class Replay {
  readonly wallets = new Map<string, Folded>();
  readonly broken: ProjectionDifference[] = [];
  events = 0;

  apply(row: EventRow): string {
    const walletId = row.stream_id;
    const folded = this.wallets.get(walletId) ?? { state: initialWalletState(walletId), updatedAt: '' };
    if (row.stream_version !== folded.state.version + 1) {
      const rebuilt = { wallet_id: walletId, version: folded.state.version };
      this.broken.push({ walletId, kind: 'stream', fields: [`stream_version ${row.stream_version} after ${folded.state.version}`], live: null, rebuilt });
    }
    folded.state = evolve(folded.state, upcast(row));
    folded.updatedAt = row.occurred_at;
    this.wallets.set(walletId, folded);
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

/**
 * Reads, page by page in commit order, the events this transaction's snapshot sees (after `since`,
 * a snapshot whose events were read already) and applies them. The next page is fetched while this
 * one is folded.
 */
async function scan(client: PoolClient, replay: Replay, pageSize: number, since: string | null, touched?: Set<string>): Promise<void> {
  const filter = since ? `AND tx_id >= pg_snapshot_xmin($4::pg_snapshot) AND NOT pg_visible_in_snapshot(tx_id, $4::pg_snapshot)` : '';
  const page = (after: { tx: string; id: string }) =>
    client.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM ledger.events WHERE (tx_id, id) > ($1::xid8, $2::bigint) ${filter} ORDER BY tx_id, id LIMIT $3`,
      since ? [after.tx, after.id, pageSize, since] : [after.tx, after.id, pageSize],
    );
  let rows = (await page({ tx: '0', id: '0' })).rows;
  while (rows.length > 0) {
    const next = rows.length === pageSize ? page(rows[rows.length - 1]) : null;
    for (const row of rows) {
      const walletId = replay.apply(row);
      touched?.add(walletId);
    }
    rows = next ? (await next).rows : [];
  }
}

/** A repeatable-read, read-only transaction: one snapshot, and no transaction id that would hold back the relays. */
async function inSnapshot<T>(pool: Pool, work: (client: PoolClient, snapshot: string) => Promise<T>): Promise<T> {
  return withTransaction(pool, async (client) => {
    await client.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    const snapshot = (await client.query<{ s: string }>('SELECT pg_current_snapshot()::text AS s')).rows[0].s;
    return work(client, snapshot);
  });
}

async function compareWithLive(client: PoolClient, replay: Replay): Promise<ProjectionDifference[]> {
  const live = await client.query<WalletRow & { updated_at: string }>(
    `SELECT wallet_id, location_id, owner_type, owner_id, version, state,
            to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS updated_at FROM ${LIVE}`,
  );
  const differences: ProjectionDifference[] = [];
  const seen = new Set<string>();
  for (const liveRow of live.rows) {
    seen.add(liveRow.wallet_id);
    if (!replay.wallets.has(liveRow.wallet_id)) {
      differences.push({ walletId: liveRow.wallet_id, kind: 'unexpected', fields: [], live: liveRow, rebuilt: null });
      continue;
    }
    // Through JSON, as stored: what evolve leaves undefined is absent from the live jsonb too.
    const rebuilt: WalletRow = JSON.parse(JSON.stringify(replay.row(liveRow.wallet_id)));
    const fields = (Object.keys(rebuilt) as (keyof WalletRow)[]).filter((field) => !isDeepStrictEqual(liveRow[field], rebuilt[field]));
    if (fields.length > 0) {
      const pick = (row: WalletRow) => Object.fromEntries(fields.map((field) => [field, row[field]]));
      differences.push({ walletId: liveRow.wallet_id, kind: 'different', fields, live: pick(liveRow), rebuilt: pick(rebuilt) });
    }
  }
  for (const walletId of replay.wallets.keys()) {
    if (!seen.has(walletId)) differences.push({ walletId, kind: 'missing', fields: [], live: null, rebuilt: replay.row(walletId) });
  }
  return differences;
}

async function writeRows(client: Pick<PoolClient, 'query'>, replay: Replay, walletIds: Iterable<string>): Promise<void> {
  let chunk: WalletRow[] = [];
  for (const walletId of walletIds) {
    chunk.push(replay.row(walletId));
    if (chunk.length === 5000) {
      await upsertWalletRows(client, chunk, FRESH);
      chunk = [];
    }
  }
  await upsertWalletRows(client, chunk, FRESH);
}

/**
 * Replaces the live table by the fresh one, keeping the live index names. Runs under the lock that
 * keeps writers out of the live table.
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
}

/**
 * Rebuilds the wallet projection from the event store: folds every event (upcast on read, in commit
 * order) with the domain's evolve into a fresh table, compares it with the live one as of the same
 * snapshot and reports every difference. With `swap`, it then applies the events appended meanwhile
 * and, under a short exclusive lock on the live table (writers wait, nothing fails), applies the
 * last few and renames the fresh table into place.
 */
export async function rebuildWalletProjection(pool: Pool, options: RebuildOptions = {}): Promise<RebuildReport> {
  const pageSize = options.pageSize ?? 20_000;
  const log = options.log ?? (() => undefined);
  const replay = new Replay();
  const { snapshot, differences } = await inSnapshot(pool, async (client, snapshot) => {
    await scan(client, replay, pageSize, null);
    log(`replayed ${replay.events} events into ${replay.wallets.size} wallets`);
    return { snapshot, differences: [...replay.broken, ...(await compareWithLive(client, replay))] };
  });
  await pool.query(`DROP TABLE IF EXISTS ${FRESH}`);
  // Unlogged while it is filled; made durable before it replaces the live table.
  await pool.query(`CREATE UNLOGGED TABLE ${FRESH} (LIKE ${LIVE} INCLUDING ALL)`);
  // LIKE copies columns, defaults and indexes, not triggers (columns they maintain, e.g. next_due_at).
  const triggers = await pool.query<{ def: string }>(`SELECT pg_get_triggerdef(oid) AS def FROM pg_trigger WHERE tgrelid = '${LIVE}'::regclass AND NOT tgisinternal`);
  for (const { def } of triggers.rows) await pool.query(def.replace(` ON ${LIVE} `, ` ON ${FRESH} `));
  await writeRows(pool, replay, replay.wallets.keys());
  const report = { events: replay.events, wallets: replay.wallets.size, differences };
  if (!options.swap) {
    await pool.query(`DROP TABLE ${FRESH}`);
    return { ...report, caughtUp: 0, swapped: false };
  }

  const before = replay.events;
  const touched = new Set<string>();
  const caughtUpTo = await inSnapshot(pool, async (client, now) => {
    await scan(client, replay, pageSize, snapshot, touched);
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
    await scan(client, replay, pageSize, caughtUpTo, last);
    await writeRows(client, replay, last);
    await swapTables(client);
  });
  log(`swapped in, after applying ${replay.events - before} events appended during the rebuild`);
  return { ...report, caughtUp: replay.events - before, swapped: true };
}
