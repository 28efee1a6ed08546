import type { WalletOwnerType } from '@credits/contracts';
import type { Pool } from 'pg';
import type { WalletCommandExecutor } from '../wallets/wallet-command.executor';

export interface ExpirySchedulerOptions {
  readonly pool: Pool;
  readonly executor: WalletCommandExecutor;
  /** the clock; tests move it */
  readonly now?: () => Date;
  readonly intervalMs?: number;
  readonly batchSize?: number;
  readonly onError?: (error: unknown) => void;
}

export interface ExpiryRun {
  /** false when another instance held the lock, so this one did nothing */
  readonly ran: boolean;
  readonly walletsDue: number;
}

const ACTOR = { type: 'system', id: 'ledger-expiry-scheduler' } as const;
const LOCK = 'scheduler:ledger:expiry';

/**
 * Expires lots past their expiresAt (R8) and releases holds past theirs. Due wallets come from the
 * indexed `next_due_at` (a trigger keeps it), so a run reads only what is due, however late it runs.
 * One instance works at a time (advisory lock); the domain expires a lot at most once, and the
 * idempotency key names the due instant, so a second run for the same due changes nothing.
 */
export class ExpiryScheduler {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private readonly now: () => Date;

  constructor(private readonly options: ExpirySchedulerOptions) {
    this.now = options.now ?? (() => new Date());
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.runOnce()
        .catch((error) => this.options.onError?.(error))
        .finally(() => (this.running = null));
    }, this.options.intervalMs ?? 1000);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  async runOnce(): Promise<ExpiryRun> {
    const lock = await this.options.pool.connect();
    try {
      const locked = await lock.query<{ ok: boolean }>(`SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS ok`, [LOCK]);
      if (!locked.rows[0].ok) return { ran: false, walletsDue: 0 };
      try {
        return { ran: true, walletsDue: await this.expireDue(this.now()) };
      } finally {
        await lock.query(`SELECT pg_advisory_unlock(hashtextextended($1, 0))`, [LOCK]);
      }
    } finally {
      lock.release();
    }
  }

  private async expireDue(now: Date): Promise<number> {
    const batchSize = this.options.batchSize ?? 200;
    let after = '';
    let count = 0;
    // Keyset over wallet ids: each due wallet is handled once per run, even if it stays due.
    for (;;) {
      const due = await this.options.pool.query<{ wallet_id: string; location_id: string; owner_type: WalletOwnerType; owner_id: string; due: Date }>(
        `SELECT wallet_id, location_id, owner_type, owner_id, next_due_at AS due FROM ledger.wallets
         WHERE next_due_at <= $1 AND wallet_id > $2 ORDER BY wallet_id LIMIT $3`,
        [now, after, batchSize],
      );
      for (const wallet of due.rows) await this.expireWallet(wallet, now);
      count += due.rows.length;
      if (due.rows.length < batchSize) return count;
      after = due.rows[due.rows.length - 1].wallet_id;
    }
  }

  private async expireWallet(
    wallet: { location_id: string; owner_type: WalletOwnerType; owner_id: string; due: Date },
    now: Date,
  ): Promise<void> {
    const owner = { locationId: wallet.location_id, ownerType: wallet.owner_type, ownerId: wallet.owner_id };
    const dueAt = wallet.due.toISOString();
    for (const type of ['ExpireLots', 'ExpireHolds'] as const) {
      await this.options.executor.execute({
        owner,
        idempotencyKey: `scheduler:${type}@${dueAt}`,
        request: { operation: type, dueAt },
        precondition: async () => undefined,
        command: (walletId) => ({
          type,
          walletId,
          now: now.toISOString(),
          actor: ACTOR,
          reason: type === 'ExpireLots' ? 'validity ended' : 'hold timed out',
        }),
      });
    }
  }
}
