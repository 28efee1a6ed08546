import { randomUUID } from 'node:crypto';
import { Pool, type PoolClient } from 'pg';
import { WalletCommandExecutor, type WalletCommandRequest } from '../../libs/ledger/service/src/wallets/wallet-command.executor';
import { benchWalletOwner, initialGrant, measure, mixedCommand, sizes, type Throughput } from './workload';

/** The membership check a grant makes (caller is an admin, owner an active member), as one query. */
async function membershipCheck(client: Pool | PoolClient, ownerId: string): Promise<void> {
  const facts = await client.query(
    `SELECT l.credits_enabled FROM ledger.locations l
     WHERE l.location_id = 'bench' AND EXISTS (SELECT 1 FROM ledger.members m WHERE m.location_id = l.location_id AND m.user_id = $1 AND m.active)`,
    [ownerId],
  );
  if (!facts.rows[0]?.credits_enabled) throw new Error(`bench wallet ${ownerId} is not set up`);
}

function request(index: number, command: typeof mixedCommand): WalletCommandRequest {
  const owner = benchWalletOwner(index);
  const now = new Date().toISOString();
  const decided = Math.random();
  return {
    owner,
    idempotencyKey: randomUUID(),
    request: { index, decided },
    precondition: (client) => membershipCheck(client, owner.ownerId),
    command: (walletId) => command(walletId, now, decided),
  };
}

/** Spend/grant mix through the real command path (group commit), `callers` concurrent callers. */
export async function ledgerCommands(url: string): Promise<Throughput & { batches: number }> {
  const pool = new Pool({ connectionString: url, max: 16 });
  try {
    await pool.query(`INSERT INTO ledger.locations (location_id, currency, credits_enabled) VALUES ('bench', 'EUR', true)`);
    await pool.query(
      `INSERT INTO ledger.members (location_id, user_id, role, active) SELECT 'bench', 'w' || i, 'member', true FROM generate_series(0, $1 - 1) i`,
      [sizes.wallets],
    );
    // The service's defaults unless BENCH_CONCURRENT_BATCHES says otherwise.
    const concurrent = process.env.BENCH_CONCURRENT_BATCHES;
    const executor = new WalletCommandExecutor(pool, concurrent ? { maxConcurrentBatches: Number(concurrent) } : {});
    await measure(sizes.wallets, sizes.callers, (i) => executor.execute(request(i, initialGrant)));
    const before = await pool.query<{ n: string }>(`SELECT count(DISTINCT tx_id)::text AS n FROM ledger.events`);
    const result = await measure(sizes.ledgerCommands, sizes.callers, () =>
      executor.execute(request(Math.floor(Math.random() * sizes.wallets), mixedCommand)),
    );
    const after = await pool.query<{ n: string }>(`SELECT count(DISTINCT tx_id)::text AS n FROM ledger.events`);
    return { ...result, batches: Number(after.rows[0].n) - Number(before.rows[0].n) };
  } finally {
    await pool.end();
  }
}
