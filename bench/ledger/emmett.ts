import { walletIdFor } from '@credits/contracts';
import { decide, replay, upcast, type LedgerCommand } from '@credits/ledger-domain';
import { getPostgreSQLEventStore } from '@event-driven-io/emmett-postgresql';
import { Pool, types } from 'pg';
import { benchWalletOwner, initialGrant, measure, mixedCommand, sizes, type Throughput } from './workload';

const PARSED_TYPES = [types.builtins.INT8, types.builtins.JSON, types.builtins.JSONB];

/** The peer baseline: the same commands on Emmett's PostgreSQL event store (read stream, decide, append with expected version). */
export async function emmettCommands(url: string): Promise<Throughput> {
  // Emmett's dumbo replaces pg's type parsers for the whole process (bigint, json, jsonb: JSON.parse
  // with a reviver); they are put back afterwards so that later phases measure our code, not them.
  const parsers = PARSED_TYPES.map((oid) => types.getTypeParser(oid, 'text'));
  const pool = new Pool({ connectionString: url, max: sizes.callers });
  const store = getPostgreSQLEventStore(url, { connectionOptions: { pool } });
  try {
    await store.schema.migrate();
    const handle = async (index: number, command: (walletId: string, now: string) => LedgerCommand) => {
      const walletId = walletIdFor(benchWalletOwner(index));
      for (;;) {
        const stream = await store.readStream(walletId);
        const state = replay(walletId, stream.events.map((event) => upcast({ type: event.type, version: 1, data: event.data })));
        const decision = decide(command(walletId, new Date().toISOString()), state);
        if (!decision.ok) return;
        try {
          await store.appendToStream(
            walletId,
            decision.events.map((event) => ({ type: event.type, data: { ...event.data } })),
            { expectedStreamVersion: stream.currentStreamVersion },
          );
          return;
        } catch (error) {
          // Matched by message: the class comes from two copies of emmett (ESM and CommonJS builds).
          if (!/^Expected version .* does not match/.test((error as Error).message)) throw error;
        }
      }
    };
    await measure(sizes.wallets, sizes.callers, (i) => handle(i, initialGrant));
    return await measure(sizes.emmettCommands, sizes.callers, () =>
      handle(Math.floor(Math.random() * sizes.wallets), (walletId, now) => mixedCommand(walletId, now)),
    );
  } finally {
    await store.close();
    await pool.end().catch(() => undefined);
    PARSED_TYPES.forEach((oid, index) => types.setTypeParser(oid, parsers[index]));
  }
}
