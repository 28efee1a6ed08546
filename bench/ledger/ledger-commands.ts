import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { grantAccess } from '../../libs/ledger/service/src/access/wallet-access';
import { WalletCommandExecutor, type WalletCommandRequest } from '../../libs/ledger/service/src/wallets/wallet-command.executor';
import { benchWalletOwner, initialGrant, measure, mixedCommand, sizes, type Workload } from './workload';

const admin = { userId: 'bench-admin', isOperator: false };

function request(index: number, command: typeof mixedCommand): WalletCommandRequest {
  const owner = benchWalletOwner(index);
  const now = new Date().toISOString();
  const decided = Math.random();
  return {
    owner,
    idempotencyKey: randomUUID(),
    request: { index, decided },
    // The grant handler's checks: the caller is an admin, the owner an active member, credits enabled.
    access: grantAccess(owner, admin),
    command: (walletId) => command(walletId, now, decided),
  };
}

/** Spend/grant mix through the real command path (group commit), `callers` concurrent callers. */
export async function ledgerCommands(url: string): Promise<Workload & { transactions(): Promise<number> }> {
  const pool = new Pool({ connectionString: url, max: 4 });
  await pool.query(`INSERT INTO ledger.locations (location_id, currency, credits_enabled) VALUES ('bench', 'EUR', true)`);
  await pool.query(
    `INSERT INTO ledger.members (location_id, user_id, role, active)
     SELECT 'bench', 'w' || i, 'member', true FROM generate_series(0, $1 - 1) i UNION ALL SELECT 'bench', $2, 'admin', true`,
    [sizes.wallets, admin.userId],
  );
  // The service's defaults unless BENCH_CONCURRENT_BATCHES says otherwise.
  const concurrent = process.env.BENCH_CONCURRENT_BATCHES;
  const executor = new WalletCommandExecutor(pool, concurrent ? { maxConcurrentBatches: Number(concurrent) } : {});
  await measure(sizes.wallets, sizes.callers, (i) => executor.execute(request(i, initialGrant)));
  const transactionsSoFar = async () => Number((await pool.query<{ n: string }>(`SELECT count(DISTINCT tx_id)::text AS n FROM ledger.events`)).rows[0].n);
  const afterSeed = await transactionsSoFar();
  return {
    run: (operations) => measure(operations, sizes.callers, () => executor.execute(request(Math.floor(Math.random() * sizes.wallets), mixedCommand))),
    /** transactions that appended the measured commands' events */
    transactions: async () => (await transactionsSoFar()) - afterSeed,
    close: async () => {
      await executor.close();
      await pool.end();
    },
  };
}
