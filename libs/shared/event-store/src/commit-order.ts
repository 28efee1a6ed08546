/**
 * Commit-safe reading of an append-only table (event store or outbox).
 *
 * Sequence numbers are handed out before commit, so a reader that follows `id > last` can skip a
 * row whose transaction commits after a higher id became visible. Rows therefore also record the
 * writing transaction's id (`tx_id xid8 DEFAULT pg_current_xact_id()`), readers order by
 * (tx_id, id) and only read rows of transactions older than the oldest one still running
 * (`pg_snapshot_xmin`): those can no longer change, so the position never moves past a gap.
 */
export interface CommitPosition {
  /** xid8 as a decimal string (it is a 64-bit number). */
  readonly txId: string;
  readonly id: string;
}

export const START_POSITION: CommitPosition = { txId: '0', id: '0' };

/** WHERE clause fragment; $1 = tx_id, $2 = id of the last position read. */
export const COMMITTED_AFTER_SQL = `(tx_id, id) > ($1::xid8, $2::bigint) AND tx_id < pg_snapshot_xmin(pg_current_snapshot())`;

export const COMMIT_ORDER_SQL = `ORDER BY tx_id, id`;

/**
 * Makes the current transaction take its id only once it holds the lock of `key`, so that for one
 * key transaction ids grow in commit order and the (tx_id, id) order keeps per-key order.
 * Must run before the transaction's first write.
 */
export const LOCK_KEY_SQL = `SELECT pg_advisory_xact_lock(hashtextextended($1, 0)), pg_current_xact_id()::text AS tx_id`;
