import { walletIdFor, type WalletOwner } from '@credits/contracts';
import { withTransaction } from '@credits/event-store';
import type { LedgerCommand } from '@credits/ledger-domain';
import { countLedgerCommand, currentContext, currentTraceparent, guardPool, instrumentPool } from '@credits/platform/core';
import { randomUUID } from 'node:crypto';
import { Pool, type PoolClient } from 'pg';
import type { FactsRow } from '../access/wallet-access';
import type { CommandOutcome, QueuedCommand } from './wallet-batch.decision';
import { commitBatch, lockBatch } from './wallet-command.batch';
import { WalletCommandCache } from './wallet-command.cache';
import { requestFingerprint } from './request-fingerprint';
import { PgWalletBatchStore } from './wallet.store';

export interface WalletCommandRequest {
  readonly owner: WalletOwner;
  readonly idempotencyKey: string;
  /**
   * what the caller asks for, as parsed values (credits as hundredths, instants as ISO text): its
   * fingerprint, with the caller's id (see requestFingerprint), tells a retry from a different
   * request under the same key, which is refused
   */
  readonly request: unknown;
  /** who may do this, checked against the membership projection in the command's batch; none: anyone */
  readonly access?: AccessCheck;
  readonly command: (walletId: string) => LedgerCommand;
}

/**
 * The batch reads the facts of all its commands with one statement (after the wallet locks) and
 * calls these with this command's: throwing a problem refuses the command alone, and stores
 * nothing, so the same key works once they pass.
 */
export interface AccessCheck {
  /** the person asking, whose role is read; null for a service */
  readonly callerId: string | null;
  /**
   * who may make this request on this wallet now: runs before the key's stored answer is looked
   * at, so a caller it refuses gets the same refusal whether or not the key was used (nothing leaks)
   */
  readonly authorize?: (facts: FactsRow) => void;
  /** what a new change needs of the wallet (an active owner, credits on): a retry of an answered key gets its answer */
  readonly check?: (facts: FactsRow) => void;
}

export interface WalletCommandResponse {
  readonly status: number;
  readonly body: object;
  readonly replayed: boolean;
}

export interface WalletCommandExecutorOptions {
  /** most commands committed in one transaction */
  readonly maxBatchSize?: number;
  /**
   * batches committing at the same time (each holds one pooled connection); default 2: while one
   * waits for its commit's WAL flush the next is decided and written. More, on a database sharing
   * the host's cores, made smaller batches that cost more CPU per command (bench: 2 beat 3 and 4).
   */
  readonly maxConcurrentBatches?: number;
  /** wallets (and as many access facts) remembered between batches; 0: none, every batch reads first */
  readonly cachedWallets?: number;
}

/**
 * How many queued commands the next batch takes; 0: wait. Each batch gets an even share of all
 * pending commands (queued and committing). Starting a batch with whatever is queued as soon as a
 * connection is free would freeze the first split: callers answered together come back together,
 * so under steady load one big batch and a few batches of one command would keep cycling, and the
 * small ones pay a whole transaction per command. A short queue therefore waits for a running batch
 * to finish (and its callers to come back), unless nothing is running.
 */
export function nextBatchSize(
  load: { readonly queued: number; readonly inFlight: number; readonly running: number },
  limits: { readonly maxBatchSize: number; readonly maxConcurrentBatches: number },
): number {
  if (load.queued === 0) return 0;
  const share = Math.ceil((load.queued + load.inFlight) / limits.maxConcurrentBatches);
  if (load.running > 0 && load.queued < share) return 0;
  return Math.min(share, limits.maxBatchSize);
}

/**
 * Takes up to `size` items out of `queue`, in order, passing over those `isBusy` says belong to a
 * wallet a running batch holds; what stays keeps its order, so each wallet's commands still run in
 * arrival order.
 */
export function takeBatch<T>(queue: T[], size: number, isBusy: (item: T) => boolean): T[] {
  const taken: T[] = [];
  if (size === 0) return taken;
  const left: T[] = [];
  for (const item of queue) {
    if (taken.length < size && !isBusy(item)) taken.push(item);
    else left.push(item);
  }
  queue.splice(0, queue.length, ...left);
  return taken;
}

interface Waiting {
  readonly command: QueuedCommand;
  readonly resolve: (response: WalletCommandResponse) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * How the executor's own connections plan. Its statements have the same shape on every batch, so
 * they are planned once per connection (generic plans) instead of on each batch, which cost more
 * than running them. Every access in them is an index lookup of a few rows; with sequential scans
 * and hash/merge joins off, a generic plan made while the tables were small cannot keep scanning
 * them once they are large.
 */
const PLANNING = '-c plan_cache_mode=force_generic_plan -c enable_seqscan=off -c enable_hashjoin=off -c enable_mergejoin=off';

/**
 * The ledger's command path with group commit: commands that arrive while a batch is committing
 * queue up and go together in the next one (see commitBatch), so one commit (one WAL flush) serves
 * many commands, in two round trips, or one when the executor remembers the batch's wallets and
 * access facts from earlier batches (WalletCommandCache). Each caller gets its own answer only after
 * that commit. A wallet is in at most one running batch of an executor, so only another instance can
 * change it between a batch's read and its write; the batch then runs again with its wallets locked
 * from the start. A command refused by its access check fails alone; a batch that fails for any
 * other reason is retried one command at a time, so one bad command cannot take the others down.
 * Framework-free, so tests and benchmarks drive it directly. It has connections of its own (on the
 * database of `pool`, see PLANNING): `close` ends them.
 */
export class WalletCommandExecutor {
  private readonly queue: Waiting[] = [];
  private running = 0;
  /** commands in the batches now committing */
  private inFlight = 0;
  /** wallets of the batches now committing */
  private readonly busyWallets = new Set<string>();
  private readonly limits: { readonly maxBatchSize: number; readonly maxConcurrentBatches: number };
  private readonly pool: Pool;
  private readonly cache: WalletCommandCache | null;
  private committed: () => void = () => undefined;

  constructor(pool: Pool, options: WalletCommandExecutorOptions = {}) {
    this.limits = { maxBatchSize: options.maxBatchSize ?? 64, maxConcurrentBatches: options.maxConcurrentBatches ?? 2 };
    const cachedWallets = options.cachedWallets ?? 20_000;
    this.cache = cachedWallets > 0 ? new WalletCommandCache(cachedWallets) : null;
    // Idle connections that drop (a database restart) are replaced; a batch on a broken one is retried.
    const serverOptions = [pool.options.options, PLANNING].filter(Boolean).join(' ');
    this.pool = instrumentPool(guardPool(new Pool({ ...pool.options, max: this.limits.maxConcurrentBatches, options: serverOptions, allowExitOnIdle: true })), 'ledger-executor');
  }

  execute(request: WalletCommandRequest): Promise<WalletCommandResponse> {
    const context = currentContext();
    const command: QueuedCommand = {
      request,
      walletId: walletIdFor(request.owner),
      requestHash: requestFingerprint(request.access?.callerId ?? null, request.request),
      // Taken now: the batch runs outside the caller's async context.
      correlationId: context?.correlationId ?? randomUUID(),
      causationId: context?.causationId ?? null,
      traceparent: currentTraceparent(),
    };
    return new Promise((resolve, reject) => {
      this.queue.push({ command, resolve, reject });
      this.startBatches();
    });
  }

  /** Called after each batch that committed (the relay publishes at once instead of at its next poll). */
  onCommitted(listener: () => void): void {
    this.committed = listener;
  }

  /** Ends the executor's connections; call once no command is pending. */
  async close(): Promise<void> {
    await this.pool.end();
  }

  private startBatches(): void {
    while (this.running < this.limits.maxConcurrentBatches) {
      const size = nextBatchSize({ queued: this.queue.length, inFlight: this.inFlight, running: this.running }, this.limits);
      const batch = takeBatch(this.queue, size, (waiting) => this.busyWallets.has(waiting.command.walletId));
      if (batch.length === 0) return;
      const walletIds = new Set(batch.map((waiting) => waiting.command.walletId));
      for (const walletId of walletIds) this.busyWallets.add(walletId);
      this.running += 1;
      this.inFlight += batch.length;
      void this.commit(batch).finally(() => {
        for (const walletId of walletIds) this.busyWallets.delete(walletId);
        this.running -= 1;
        this.inFlight -= batch.length;
        this.startBatches();
      });
    }
  }

  private async commit(batch: readonly Waiting[]): Promise<void> {
    const commands = batch.map((waiting) => waiting.command);
    let outcomes: CommandOutcome[];
    try {
      outcomes = (await this.commitUnlocked(commands)) ?? (await withTransaction(this.pool, (client) => commitLocked(client, commands, this.cache)));
    } catch (error) {
      if (batch.length === 1) {
        countLedgerCommand({ error });
        batch[0].reject(error);
      } else for (const waiting of batch) await this.commit([waiting]);
      return;
    }
    this.committed();
    outcomes.forEach((outcome, index) => {
      countLedgerCommand(outcome.ok ? outcome.response : { error: outcome.problem });
      if (outcome.ok) batch[index].resolve(outcome.response);
      else batch[index].reject(outcome.problem);
    });
  }

  private async commitUnlocked(commands: readonly QueuedCommand[]): Promise<CommandOutcome[] | null> {
    const client = await this.pool.connect();
    try {
      return await commitBatch(new PgWalletBatchStore(client), commands, this.cache, { locked: false });
    } finally {
      client.release();
    }
  }
}

async function commitLocked(client: PoolClient, commands: readonly QueuedCommand[], cache: WalletCommandCache | null): Promise<CommandOutcome[]> {
  const store = new PgWalletBatchStore(client);
  await lockBatch(store, commands);
  const outcomes = await commitBatch(store, commands, cache, { locked: true });
  if (!outcomes) throw new Error('a wallet changed while its lock was held');
  return outcomes;
}
