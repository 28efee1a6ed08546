import type { LedgerCommand, WalletState } from '@credits/ledger-domain';
import { randomUUID } from 'node:crypto';

/** Bench sizes, overridable by environment for quick runs. */
export const sizes = {
  wallets: Number(process.env.BENCH_WALLETS ?? 10_000),
  callers: Number(process.env.BENCH_CALLERS ?? 32),
  rawTransactions: Number(process.env.BENCH_RAW_TX ?? 40_000),
  ledgerCommands: Number(process.env.BENCH_COMMANDS ?? 60_000),
  /** raw, ledger and emmett are measured in this many interleaved rounds (each a share of its total) */
  rounds: Number(process.env.BENCH_ROUNDS ?? 3),
  emmettCommands: Number(process.env.BENCH_EMMETT_COMMANDS ?? 20_000),
  rebuildEvents: Number(process.env.BENCH_REBUILD_EVENTS ?? 1_000_000),
};

const actor = { type: 'system', id: 'bench' } as const;
const purpose = { resourceType: 'room', reference: 'room-1' } as const;

export const benchWalletOwner = (index: number) => ({ locationId: 'bench', ownerType: 'user' as const, ownerId: `w${index}` });

/** The command mix: 30% grants, 70% spends (some refused for lack of credits), on a random wallet. */
export function mixedCommand(walletId: string, now: string, random = Math.random()): LedgerCommand {
  // Whole literals: a spread of common fields followed by more keys is slow in V8 (Node 20), and this
  // is the load generator's time, not the ledger's.
  return random < 0.3
    ? { walletId, now, actor, reason: 'bench', type: 'GrantCredits', lotId: randomUUID(), kind: 'permanent', amount: 1000, source: 'admin' }
    : { walletId, now, actor, reason: 'bench', type: 'SpendCredits', spendId: randomUUID(), amount: 300, purpose };
}

export function initialGrant(walletId: string, now: string): LedgerCommand {
  return { walletId, now, actor, reason: 'bench seed', type: 'GrantCredits', lotId: randomUUID(), kind: 'permanent', amount: 10_000, source: 'admin' };
}

export interface Throughput {
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

/** One measured stretch of a workload: how many operations, how long, each one's latency. */
export interface Run {
  readonly operations: number;
  readonly seconds: number;
  readonly latencies: readonly number[];
}

/** Runs `total` operations from `callers` concurrent callers, each waiting for its previous one. */
export async function measure(total: number, callers: number, operation: (index: number) => Promise<unknown>): Promise<Run> {
  const latencies: number[] = [];
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: callers }, async () => {
      while (next < total) {
        const index = next++;
        const t0 = process.hrtime.bigint();
        await operation(index);
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
    }),
  );
  return { operations: total, seconds: Number(process.hrtime.bigint() - started) / 1e9, latencies };
}

/** Throughput and latency over all rounds of a workload. */
export function summarize(runs: readonly Run[]): Throughput {
  const latencies = runs.flatMap((run) => run.latencies).sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  const operations = runs.reduce((sum, run) => sum + run.operations, 0);
  return { perSecond: operations / runs.reduce((sum, run) => sum + run.seconds, 0), p50Ms: at(0.5), p99Ms: at(0.99) };
}

/** A workload set up once and then measured in rounds, interleaved with the others. */
export interface Workload {
  run(operations: number): Promise<Run>;
  close(): Promise<void>;
}

export const sumRemaining = (state: WalletState) => state.lots.reduce((sum, lot) => sum + lot.remaining, 0);
