import type { WalletOwner } from '@credits/contracts';
import type { Pool } from 'pg';
import { loadWalletsToRead, type WalletRead, type WalletToRead } from './wallet.store';

/** Reads a batch with one statement; the results in the reads' order. */
export type WalletReadLoader = (reads: readonly WalletRead[]) => Promise<WalletToRead[]>;

export interface WalletReadBatcherOptions {
  /** most reads in one statement */
  readonly maxBatchSize?: number;
  /** statements running at once; past the first, only for full batches */
  readonly maxConcurrentBatches?: number;
}

interface Waiting {
  readonly read: WalletRead;
  readonly resolve: (result: WalletToRead) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Coalesces concurrent balance reads: PostgreSQL and the driver pay most of a read's cost per
 * statement, not per row. A read that finds nothing running goes at once, alone (no timer, so no
 * added latency when idle); reads that arrive while a statement runs wait for it and go together
 * in the next one. Unlike the command executor's even split (see nextBatchSize), one statement at
 * a time is enough here: a read has no WAL flush to overlap, and fewer, larger batches are what
 * saves the CPU. A failed statement fails its own reads only, each with its error (a lost
 * connection still answers 503); later batches run as usual.
 */
export class WalletReadBatcher {
  private readonly queue: Waiting[] = [];
  private running = 0;
  private readonly maxBatchSize: number;
  private readonly maxConcurrentBatches: number;

  constructor(
    private readonly loadBatch: WalletReadLoader,
    options: WalletReadBatcherOptions = {},
  ) {
    this.maxBatchSize = options.maxBatchSize ?? 256;
    this.maxConcurrentBatches = options.maxConcurrentBatches ?? 2;
  }

  static onPool(pool: Pool): WalletReadBatcher {
    return new WalletReadBatcher((reads) => loadWalletsToRead(pool, reads));
  }

  load(owner: WalletOwner, walletId: string, callerId: string | null): Promise<WalletToRead> {
    return new Promise((resolve, reject) => {
      this.queue.push({ read: { owner, walletId, callerId }, resolve, reject });
      this.startBatches();
    });
  }

  private startBatches(): void {
    // A full batch need not wait: it would only grow the queue behind the running one.
    while (this.queue.length > 0 && this.running < this.maxConcurrentBatches && (this.running === 0 || this.queue.length >= this.maxBatchSize)) {
      const batch = this.queue.splice(0, this.maxBatchSize);
      this.running += 1;
      void this.run(batch).finally(() => {
        this.running -= 1;
        this.startBatches();
      });
    }
  }

  private async run(batch: readonly Waiting[]): Promise<void> {
    try {
      const results = await this.loadBatch(batch.map((waiting) => waiting.read));
      batch.forEach((waiting, i) => waiting.resolve(results[i]));
    } catch (error) {
      for (const waiting of batch) waiting.reject(error);
    }
  }
}
