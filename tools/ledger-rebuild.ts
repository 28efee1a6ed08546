import { parseArgs } from 'node:util';
import { Pool } from 'pg';
import { rebuildWalletProjection } from '../libs/ledger/service/src/rebuild/wallet-projection.rebuild';

/**
 * `npm run ledger:rebuild [-- --swap]`: replays the ledger's event store into a fresh wallet
 * projection, prints every difference from the live one, and with --swap puts the rebuilt one in
 * place while the service keeps running. Exits 1 when the projections differed.
 */
async function main(): Promise<number> {
  const { values } = parseArgs({ options: { swap: { type: 'boolean', default: false } } });
  const url = process.env.DATABASE_URL;
  if (!url) {
    process.stderr.write('DATABASE_URL is not set: point it at the ledger database\n');
    return 2;
  }
  // One connection holds the snapshot it scans, two write rebuilt rows meanwhile.
  const pool = new Pool({ connectionString: url, max: 3 });
  try {
    const started = Date.now();
    const report = await rebuildWalletProjection(pool, { swap: values.swap, log: (line) => process.stdout.write(`${line}\n`) });
    for (const difference of report.differences) process.stdout.write(`DIFFERENCE ${JSON.stringify(difference)}\n`);
    const seconds = (Date.now() - started) / 1000;
    process.stdout.write(
      `${report.events} events, ${report.wallets} wallets, ${report.differences.length} differences, ` +
        `${report.swapped ? `swapped in (${report.caughtUp} events caught up)` : 'live projection unchanged'}, ${seconds.toFixed(1)} s\n`,
    );
    return report.differences.length > 0 ? 1 : 0;
  } finally {
    await pool.end();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`ledger rebuild failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(2);
  },
);
