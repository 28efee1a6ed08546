import { walletIdFor, type WalletOwner } from '@credits/contracts';
import { withTransaction } from '@credits/event-store';
import { initialWalletState, type LedgerCommand, type WalletState } from '@credits/ledger-domain';
import { currentContext } from '@credits/platform/core';
import { createHash, randomUUID } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import type { FactsRow } from '../access/wallet-access';
import { commitBatch, type CommandOutcome, type QueuedCommand } from './wallet-command.batch';

export interface WalletCommandRequest {
  readonly owner: WalletOwner;
  readonly idempotencyKey: string;
  /** what the client sent; the same key with a different request is refused */
  readonly request: unknown;
  /** who may do this, checked against the membership projection in the command's batch; none: anyone */
  readonly access?: AccessCheck;
  readonly command: (walletId: string) => LedgerCommand;
  readonly causationId?: string | null;
}

/**
 * The batch reads the facts of all its commands with one statement (after the wallet locks) and
 * calls `check` with this command's: throwing a problem refuses the command alone, and stores
 * nothing, so the same key works once the check passes.
 */
export interface AccessCheck {
  /** the person asking, whose role is read; null for a service */
  readonly callerId: string | null;
  readonly check: (facts: FactsRow) => void;
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
   * batches committing at the same time (each holds one pooled connection); default 4: a batch spends
   * most of its time waiting for round trips and its commit's WAL flush, so a few overlap well
   */
  readonly maxConcurrentBatches?: number;
}

export async function loadWallet(db: Pool | PoolClient, walletId: string): Promise<WalletState> {
  const result = await db.query<{ state: WalletState }>(`SELECT state FROM ledger.wallets WHERE wallet_id = $1`, [walletId]);
  return result.rows[0]?.state ?? initialWalletState(walletId);
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

interface Waiting {
  readonly command: QueuedCommand;
  readonly resolve: (response: WalletCommandResponse) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * The ledger's command path with group commit: commands that arrive while a batch is committing
 * queue up and go together in the next transaction (see commitBatch), so one commit (one WAL flush)
 * serves many commands. Each caller gets its own answer only after that commit. A command refused by
 * its access check fails alone; a batch that fails for any other reason is retried one command per
 * transaction, so one bad command cannot take the others down. Framework-free, so tests and
 * benchmarks drive it directly.
 */
export class WalletCommandExecutor {
  private readonly queue: Waiting[] = [];
  private running = 0;
  /** commands in the batches now committing */
  private inFlight = 0;
  private readonly limits: { readonly maxBatchSize: number; readonly maxConcurrentBatches: number };

  constructor(private readonly pool: Pool, options: WalletCommandExecutorOptions = {}) {
    this.limits = { maxBatchSize: options.maxBatchSize ?? 64, maxConcurrentBatches: options.maxConcurrentBatches ?? 4 };
  }

  execute(request: WalletCommandRequest): Promise<WalletCommandResponse> {
    const command: QueuedCommand = {
      request,
      walletId: walletIdFor(request.owner),
      requestHash: createHash('sha256').update(JSON.stringify(request.request)).digest('hex'),
      // Taken now: the batch runs outside the caller's async context.
      correlationId: currentContext()?.correlationId ?? randomUUID(),
    };
    return new Promise((resolve, reject) => {
      this.queue.push({ command, resolve, reject });
      this.startBatches();
    });
  }

  private startBatches(): void {
    while (this.running < this.limits.maxConcurrentBatches) {
      const size = nextBatchSize({ queued: this.queue.length, inFlight: this.inFlight, running: this.running }, this.limits);
      if (size === 0) return;
      const batch = this.queue.splice(0, size);
      this.running += 1;
      this.inFlight += batch.length;
      void this.commit(batch).finally(() => {
        this.running -= 1;
        this.inFlight -= batch.length;
        this.startBatches();
      });
    }
  }

  private async commit(batch: readonly Waiting[]): Promise<void> {
    let outcomes: CommandOutcome[];
    try {
      outcomes = await withTransaction(this.pool, (client) => commitBatch(client, batch.map((waiting) => waiting.command)));
    } catch (error) {
      if (batch.length === 1) batch[0].reject(error);
      else for (const waiting of batch) await this.commit([waiting]);
      return;
    }
    outcomes.forEach((outcome, index) => (outcome.ok ? batch[index].resolve(outcome.response) : batch[index].reject(outcome.problem)));
  }
}
