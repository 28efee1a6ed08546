import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { measure, sizes, type Workload } from './workload';

/** The naive ceiling: one single-row INSERT (its own transaction) at a time per connection. */
export async function rawSingleInsert(url: string): Promise<Workload> {
  const pool = new Pool({ connectionString: url, max: sizes.callers });
  await pool.query(`CREATE TABLE IF NOT EXISTS bench_raw_events (
    id bigserial PRIMARY KEY, tx_id xid8 NOT NULL DEFAULT pg_current_xact_id(), event_id uuid NOT NULL UNIQUE,
    stream_id text NOT NULL, stream_version integer NOT NULL, type text NOT NULL, version integer NOT NULL,
    data jsonb NOT NULL, metadata jsonb NOT NULL, occurred_at timestamptz NOT NULL,
    CONSTRAINT bench_raw_stream_version UNIQUE (stream_id, stream_version))`);
  await pool.query(`CREATE INDEX IF NOT EXISTS bench_raw_commit_order ON bench_raw_events (tx_id, id)`);
  const data = JSON.stringify({ walletId: 'w', amount: 300, lots: [{ lotId: randomUUID(), amount: 300 }], reason: 'bench' });
  // Numbered across rounds, so that every row gets the next version of its stream.
  let inserted = 0;
  const insertNext = () => {
    const i = inserted++;
    return pool.query(
      `INSERT INTO bench_raw_events (event_id, stream_id, stream_version, type, version, data, metadata, occurred_at)
       VALUES ($1, $2, $3, 'CreditsSpent', 1, $4, '{}', now())`,
      [randomUUID(), `raw-${i % sizes.wallets}`, Math.floor(i / sizes.wallets) + 1, data],
    );
  };
  // One event per stream first, as the ledger and Emmett seed one grant per wallet: the measured
  // rounds then start with every connection open and the code warm, for all three alike.
  await measure(sizes.wallets, sizes.callers, insertNext);
  return {
    run: (operations) => measure(operations, sizes.callers, insertNext),
    close: () => pool.end(),
  };
}
