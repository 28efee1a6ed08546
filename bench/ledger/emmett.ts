import { upcastLedgerEvent, walletIdFor } from '@credits/contracts';
import { decide, replay, type LedgerCommand } from '@credits/ledger-domain';
import { getPostgreSQLEventStore } from '@event-driven-io/emmett-postgresql';
import { Pool, types } from 'pg';
import { benchWalletOwner, initialGrant, measure, mixedCommand, sizes, type Workload } from './workload';

type TypeParser = ReturnType<typeof types.getTypeParser>;

const PARSED_TYPES = [types.builtins.INT8, types.builtins.JSON, types.builtins.JSONB];

/**
 * Runs `work` with the given type parsers in place of the current ones. Emmett's dumbo replaces pg's
 * parsers for the whole process (bigint, json, jsonb: JSON.parse with a reviver) once; the other
 * phases must run with pg's own, or they would measure Emmett's parsers, not our code.
 */
async function withParsers<T>(parsers: readonly TypeParser[], work: () => Promise<T>): Promise<T> {
  const before = PARSED_TYPES.map((oid) => types.getTypeParser(oid, 'text'));
  PARSED_TYPES.forEach((oid, index) => types.setTypeParser(oid, parsers[index]));
  try {
    return await work();
  } finally {
    PARSED_TYPES.forEach((oid, index) => types.setTypeParser(oid, before[index]));
  }
}

/** The peer baseline: the same commands on Emmett's PostgreSQL event store (read stream, decide, append with expected version). */
export async function emmettCommands(url: string): Promise<Workload> {
  const pgParsers = PARSED_TYPES.map((oid) => types.getTypeParser(oid, 'text'));
  const pool = new Pool({ connectionString: url, max: sizes.callers });
  const store = getPostgreSQLEventStore(url, { connectionOptions: { pool } });
  const handle = async (index: number, command: (walletId: string, now: string) => LedgerCommand) => {
    const walletId = walletIdFor(benchWalletOwner(index));
    for (;;) {
      const stream = await store.readStream(walletId);
      const state = replay(walletId, stream.events.map((event) => upcastLedgerEvent({ type: event.type, version: 1, data: event.data })));
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
  await store.schema.migrate();
  await measure(sizes.wallets, sizes.callers, (i) => handle(i, initialGrant));
  const emmettParsers = PARSED_TYPES.map((oid) => types.getTypeParser(oid, 'text'));
  PARSED_TYPES.forEach((oid, index) => types.setTypeParser(oid, pgParsers[index]));
  return {
    run: (operations) =>
      withParsers(emmettParsers, () =>
        measure(operations, sizes.callers, () => handle(Math.floor(Math.random() * sizes.wallets), (walletId, now) => mixedCommand(walletId, now))),
      ),
    close: async () => {
      await store.close();
      await pool.end().catch(() => undefined);
    },
  };
}
