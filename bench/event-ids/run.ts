import { timeOrderedUuid } from '@credits/event-store';
import { startLocalPostgres } from '@credits/test-infra';
import { randomUUID } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Client } from 'pg';

const ROWS = 3_000_000;
const BLOCKS = 6;
const ROWS_PER_STATEMENT = 2_000;
const KINDS = { random: () => randomUUID(), 'time-ordered': () => timeOrderedUuid() } as const;
type Kind = keyof typeof KINDS;

/**
 * `npm run bench:event-ids`: random UUIDs (v4) against time-ordered ones (timeOrderedUuid, v7) as
 * the keys every event writes: a uuid primary key (ledger.events' event_id) and a text one next to
 * a consumer name (an inbox's message id). Each kind fills its own table, in blocks taken in turn
 * so both meet the same moments of the machine; rows per second and WAL per row by block, and the
 * indexes' size at the end. On a durable embedded PostgreSQL (full_page_writes on).
 */
async function main(): Promise<void> {
  const log = (line: string) => process.stdout.write(`[bench] ${line}\n`);
  const dir = mkdtempSync(join(tmpdir(), 'credits-event-ids-bench-'));
  chmodSync(dir, 0o755);
  mkdirSync(join(dir, 'postgres'));
  const pg = await startLocalPostgres(join(dir, 'postgres'), { durable: true });
  const client = new Client({ connectionString: pg.url });
  await client.connect();
  try {
    const blocks: Record<Kind, { rowsPerSec: number; walBytesPerRow: number }[]> = { random: [], 'time-ordered': [] };
    const tables = { random: 'ids_random', 'time-ordered': 'ids_time_ordered' } as const;
    for (const table of Object.values(tables)) {
      await client.query(`CREATE TABLE ${table} (event_id uuid PRIMARY KEY, consumer text NOT NULL, message_id text NOT NULL, UNIQUE (consumer, message_id))`);
    }
    for (let block = 1; block <= BLOCKS; block++) {
      for (const kind of Object.keys(KINDS) as Kind[]) {
        const walBefore = (await client.query<{ lsn: string }>('SELECT pg_current_wal_lsn() AS lsn')).rows[0].lsn;
        const started = process.hrtime.bigint();
        for (let written = 0; written < ROWS / BLOCKS; written += ROWS_PER_STATEMENT) {
          const ids = Array.from({ length: ROWS_PER_STATEMENT }, KINDS[kind]);
          await client.query(`INSERT INTO ${tables[kind]} SELECT id::uuid, 'billing.reports', id FROM unnest($1::text[]) AS id`, [ids]);
        }
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        const wal = (await client.query<{ bytes: string }>('SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), $1) AS bytes', [walBefore])).rows[0].bytes;
        blocks[kind].push({ rowsPerSec: Math.round(ROWS / BLOCKS / seconds), walBytesPerRow: Math.round(Number(wal) / (ROWS / BLOCKS)) });
        log(`block ${block} ${kind}: ${blocks[kind].at(-1)!.rowsPerSec}/s, ${blocks[kind].at(-1)!.walBytesPerRow} B of WAL per row`);
      }
    }
    const indexMb = async (kind: Kind) => {
      const { rows } = await client.query<{ uuid_key: string; text_key: string }>(
        `SELECT pg_relation_size('${tables[kind]}_pkey') AS uuid_key, pg_relation_size('${tables[kind]}_consumer_message_id_key') AS text_key`,
      );
      return { uuidKeyMb: Number((Number(rows[0].uuid_key) / 2 ** 20).toFixed(1)), textKeyMb: Number((Number(rows[0].text_key) / 2 ** 20).toFixed(1)) };
    };
    const results = { random: { blocks: blocks.random, ...(await indexMb('random')) }, 'time-ordered': { blocks: blocks['time-ordered'], ...(await indexMb('time-ordered')) } };
    const report = { at: new Date().toISOString(), rows: ROWS, results };
    const row = (kind: Kind) => {
      const r = results[kind];
      return `| ${kind.padEnd(12)} | ${r.blocks.map((b) => String(b.rowsPerSec).padStart(7)).join(' ')} | ${String(r.blocks.at(-1)!.walBytesPerRow).padStart(10)} | ${String(r.uuidKeyMb).padStart(8)} | ${String(r.textKeyMb).padStart(8)} |`;
    };
    const file = join(__dirname, '../results/event-ids.json');
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
    process.stdout.write(
      [
        '',
        `| ids          | ${`rows/s, each block of ${ROWS / BLOCKS} rows, tables growing`.padEnd(8 * BLOCKS - 1)} | WAL B/row  | uuid MB  | text MB  |`,
        `|--------------|${'-'.repeat(8 * BLOCKS + 1)}|------------|----------|----------|`,
        row('random'),
        row('time-ordered'),
        '',
        `written to ${file}`,
        '',
      ].join('\n'),
    );
  } finally {
    await client.end();
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
