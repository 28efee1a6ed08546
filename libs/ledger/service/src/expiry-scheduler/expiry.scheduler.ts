import type { LedgerCommand } from '@credits/ledger-domain';
import { periodicWorker, withTryLock, type SingletonWorker } from '@credits/event-store';
import type { Pool } from 'pg';
import type { WalletCommandExecutor } from '../wallets/wallet-command.executor';
import { walletsDue, type DueWallet } from '../wallets/wallet.store';

/** Issue 4: CreditsExpiringSoon three days before credits expire, unless configured otherwise. */
export const DEFAULT_EXPIRY_WARNING_LEAD_MS = 3 * 24 * 3_600_000;

export interface ExpirySchedulerOptions {
  readonly pool: Pool;
  readonly executor: WalletCommandExecutor;
  /** the clock; tests move it */
  readonly now?: () => Date;
  /** how long before credits expire the owner is warned (CreditsExpiringSoon); 0: never */
  readonly warningLeadMs?: number;
  readonly intervalMs?: number;
  readonly batchSize?: number;
  readonly onError?: (error: unknown) => void;
}

export interface ExpiryRun {
  /** false when another instance held the lock, so this one did nothing */
  readonly ran: boolean;
  readonly walletsDue: number;
  /** wallets looked at for expiry warnings (each gets at most one notice per period or expiresAt) */
  readonly walletsWarned: number;
}

const ACTOR = { type: 'system', id: 'ledger-expiry-scheduler' } as const;
const ownerOf = (wallet: DueWallet) => ({ locationId: wallet.location_id, ownerType: wallet.owner_type, ownerId: wallet.owner_id });
const LOCK = 'scheduler:ledger:expiry';

/**
 * Expires lots past their expiresAt (R8), releases holds past theirs, then warns of credits about to
 * expire. Due wallets come from the indexed `next_due_at` and `next_warning_at` (written with each wallet row),
 * so a run reads only what is due, however late it runs. One instance works at a time (advisory
 * lock); the domain expires a lot and warns of a period at most once, and the idempotency keys name
 * the due instant (or the wallet version), so a second run for the same due changes nothing.
 */
export class ExpiryScheduler {
  private readonly worker: SingletonWorker;
  private readonly now: () => Date;
  private readonly warningLeadMs: number;

  constructor(private readonly options: ExpirySchedulerOptions) {
    this.now = options.now ?? (() => new Date());
    this.warningLeadMs = options.warningLeadMs ?? DEFAULT_EXPIRY_WARNING_LEAD_MS;
    this.worker = periodicWorker({ pool: options.pool, lockName: LOCK, intervalMs: options.intervalMs ?? 1000, onError: options.onError, tick: () => this.runDue() });
  }

  start(): void {
    this.worker.start();
  }

  stop(): Promise<void> {
    return this.worker.stop();
  }

  /** One run now, unless another instance (or this one's started loop) holds the lock. */
  async runOnce(): Promise<ExpiryRun> {
    return (await withTryLock(this.options.pool, LOCK, () => this.runDue())) ?? { ran: false, walletsDue: 0, walletsWarned: 0 };
  }

  private async runDue(): Promise<ExpiryRun> {
    const now = this.now();
    const walletsDue = await this.forEachDue('next_due_at', now, (wallet) => this.expireWallet(wallet, now));
    // After expiring: credits past their expiry are closed by then and need no warning.
    const walletsWarned =
      this.warningLeadMs > 0
        ? await this.forEachDue('next_warning_at', new Date(now.getTime() + this.warningLeadMs), (wallet) => this.warnWallet(wallet, now))
        : 0;
    return { ran: true, walletsDue, walletsWarned };
  }

  /** Calls `handle` for every wallet whose `column` is at or before `until`; returns how many. */
  private async forEachDue(column: 'next_due_at' | 'next_warning_at', until: Date, handle: (wallet: DueWallet) => Promise<void>): Promise<number> {
    const batchSize = this.options.batchSize ?? 200;
    let after = '';
    let count = 0;
    // Keyset over wallet ids: each due wallet is handled once per run, even if it stays due.
    for (;;) {
      const due = await walletsDue(this.options.pool, column, until, after, batchSize);
      for (const wallet of due) await handle(wallet);
      count += due.length;
      if (due.length < batchSize) return count;
      after = due[due.length - 1].wallet_id;
    }
  }

  private async expireWallet(wallet: DueWallet, now: Date): Promise<void> {
    const dueAt = wallet.due.toISOString();
    for (const type of ['ExpireLots', 'ExpireHolds'] as const) {
      await this.execute(wallet, `scheduler:${type}@${dueAt}`, { operation: type, dueAt }, (walletId) => ({
        type,
        walletId,
        now: now.toISOString(),
        actor: ACTOR,
        reason: type === 'ExpireLots' ? 'validity ended' : 'hold timed out',
      }));
    }
  }

  private async warnWallet(wallet: DueWallet, now: Date): Promise<void> {
    // Keyed by the wallet version: a wallet that changed since is decided afresh, an unchanged one replays.
    await this.execute(wallet, `scheduler:WarnExpiringCredits@${wallet.version}`, { operation: 'WarnExpiringCredits', version: wallet.version }, (walletId) => ({
      type: 'WarnExpiringCredits',
      walletId,
      now: now.toISOString(),
      actor: ACTOR,
      reason: 'credits expire soon',
      owner: ownerOf(wallet),
      leadMs: this.warningLeadMs,
    }));
  }

  private async execute(wallet: DueWallet, idempotencyKey: string, request: object, command: (walletId: string) => LedgerCommand): Promise<void> {
    await this.options.executor.execute({
      owner: ownerOf(wallet),
      idempotencyKey,
      request,
      command,
    });
  }
}
