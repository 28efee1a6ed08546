import { runMigrations } from '@credits/platform/core';
import { startLocalPostgres } from '@credits/test-infra';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Client, Pool } from 'pg';
import { ledgerMigrations } from '../../libs/ledger/service/src/migrations';
import { emmettCommands } from './emmett';
import { ledgerCommands } from './ledger-commands';
import { rawSingleInsert } from './raw-insert';
import { fillEventStore, rawReplay, rebuild } from './rebuild';
import { sizes, summarize, type Run } from './workload';

/**
 * `npm run bench:ledger`: every measurement in one run on one durable PostgreSQL (its own
 * embedded one unless DATABASE_URL is set), synchronous_commit on. Sizes: see workload.ts.
 */
async function main(): Promise<void> {
  const log = (line: string) => process.stdout.write(`[bench] ${line}\n`);
  let stop = async () => undefined;
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const dir = mkdtempSync(join(tmpdir(), 'credits-bench-'));
    chmodSync(dir, 0o755);
    mkdirSync(join(dir, 'postgres'));
    const pg = await startLocalPostgres(join(dir, 'postgres'), { durable: true });
    log(`started ${pg.describe}`);
    serverUrl = pg.url;
    stop = async () => {
      await pg.stop();
      rmSync(dir, { recursive: true, force: true });
    };
  }
  try {
    const admin = new Client({ connectionString: serverUrl });
    await admin.connect();
    const name = `ledger_bench_${Date.now()}`;
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    const dbUrl = url.toString();
    const pool = new Pool({ connectionString: dbUrl, max: 4 });
    const settings = await pool.query<{ name: string; setting: string }>(`SELECT name, setting FROM pg_settings WHERE name IN ('synchronous_commit', 'fsync')`);
    for (const { name: setting, setting: value } of settings.rows) {
      if (value !== 'on') throw new Error(`${setting} is ${value}: the benchmark needs a durable PostgreSQL`);
    }
    await runMigrations(dbUrl, 'ledger', ledgerMigrations);
    log(`sizes ${JSON.stringify(sizes)}`);

    // Interleaved rounds: the machine's speed drifts (other tenants of the host), and each ratio
    // should compare the workloads under the same conditions, not whichever ran in a fast minute.
    const workloads = { raw: await rawSingleInsert(dbUrl), ledger: await ledgerCommands(dbUrl), emmett: await emmettCommands(dbUrl) };
    const totals = { raw: sizes.rawTransactions, ledger: sizes.ledgerCommands, emmett: sizes.emmettCommands };
    const runs: Record<keyof typeof workloads, Run[]> = { raw: [], ledger: [], emmett: [] };
    for (let round = 1; round <= sizes.rounds; round++) {
      for (const name of ['raw', 'ledger', 'emmett'] as const) {
        const run = await workloads[name].run(Math.ceil(totals[name] / sizes.rounds));
        runs[name].push(run);
        log(`round ${round} ${name}: ${(run.operations / run.seconds).toFixed(0)}/s`);
      }
    }
    const transactions = await workloads.ledger.transactions();
    for (const workload of Object.values(workloads)) await workload.close();
    const [raw, ledger, emmett] = [summarize(runs.raw), summarize(runs.ledger), summarize(runs.emmett)];
    log(`raw single-row insert: ${raw.perSecond.toFixed(0)} tx/s`);
    log(`ledger commands: ${ledger.perSecond.toFixed(0)}/s in ${transactions} transactions`);
    log(`emmett commands: ${emmett.perSecond.toFixed(0)}/s`);
    const events = await fillEventStore(pool);
    log(`event store holds ${events} events`);
    // Settled as a live store is, so that neither autovacuum on the fresh rows nor a checkpoint of
    // them starts in the middle of one of the two measurements below (both read the same table).
    await pool.query('VACUUM ANALYZE');
    await pool.query('CHECKPOINT');
    const ceiling = await rawReplay(pool);
    const rebuilt = await rebuild(pool);
    if (rebuilt.report.differences.length > 0) throw new Error(`rebuild found ${rebuilt.report.differences.length} differences`);
    await pool.end();

    const results = {
      rawSingleInsertTxPerSec: Math.round(raw.perSecond),
      ledgerCommandsPerSec: Math.round(ledger.perSecond),
      ledgerP50Ms: Number(ledger.p50Ms.toFixed(2)),
      ledgerP99Ms: Number(ledger.p99Ms.toFixed(2)),
      emmettCommandsPerSec: Math.round(emmett.perSecond),
      rebuildEventsPerSec: Math.round(rebuilt.eventsPerSec),
      rawReplayCeilingEventsPerSec: Math.round(ceiling),
    };
    const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}x`;
    console.table({
      'raw single-row insert (tx/s)': { value: results.rawSingleInsertTxPerSec, target: '' },
      'ledger commands (/s)': { value: results.ledgerCommandsPerSec, target: `>= 1.0x raw: ${ratio(results.ledgerCommandsPerSec, results.rawSingleInsertTxPerSec)}` },
      'ledger p50 (ms)': { value: results.ledgerP50Ms, target: '' },
      'ledger p99 (ms)': { value: results.ledgerP99Ms, target: '' },
      'emmett commands (/s)': { value: results.emmettCommandsPerSec, target: `ledger >= 3x: ${ratio(results.ledgerCommandsPerSec, results.emmettCommandsPerSec)}` },
      'rebuild (events/s)': { value: results.rebuildEventsPerSec, target: `>= 0.8x ceiling: ${ratio(results.rebuildEventsPerSec, results.rawReplayCeilingEventsPerSec)}` },
      'raw replay ceiling (events/s)': { value: results.rawReplayCeilingEventsPerSec, target: '' },
    });
    const file = join(__dirname, '..', 'results', 'ledger.json');
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify({ ...results, events, sizes, cpus: cpus().length, measuredAt: new Date().toISOString() }, null, 2)}\n`);
    log(`wrote ${file}`);
  } finally {
    await stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
