import { walletIdFor, type EventEnvelope, type PlanHolder, type PlanPeriodEnded, type PlanPeriodStarted, type RolloverCap, type WalletOwner } from '@credits/contracts';
import type { PoolClient } from 'pg';
import { eventsByIds } from '../wallets/wallet.store';
import { recordAllowance, recordLeftover } from './plan-periods.store';
import type { WalletCommandExecutor } from '../wallets/wallet-command.executor';

const ACTOR = { type: 'system', id: 'ledger-plan-periods' } as const;

function ownerOf(locationId: string, holder: PlanHolder): WalletOwner {
  return { locationId, ownerType: holder.type, ownerId: holder.id };
}

/** What may roll over: at most `value` credits, or `value` percent of the previous period's allowance. */
export function rolloverOf(leftover: number, cap: RolloverCap, previousAllowance: number | null): number {
  switch (cap.mode) {
    case 'none':
      return 0;
    case 'credits':
      return Math.min(leftover, cap.value);
    case 'percent':
      return Math.min(leftover, Math.floor(((previousAllowance ?? 0) * cap.value) / 100));
    default: {
      const unknownMode: never = cap.mode;
      throw new Error(`unknown rollover mode ${String(unknownMode)}`);
    }
  }
}

/**
 * Plan periods feed wallets (R5, R8): at the start the allowance arrives as expiring credits of the
 * period, with what rolls over from the previous period as a separate lot; at the end what is
 * left of the period's lots expires. Each command's idempotency key derives from the triggering
 * event (or the period), so a redelivered message replays the first result.
 */
export class PlanPeriodReactions {
  constructor(private readonly executor: WalletCommandExecutor) {}

  async started(client: PoolClient, envelope: EventEnvelope & { data: PlanPeriodStarted['data'] }): Promise<void> {
    const period = envelope.data;
    const owner = ownerOf(period.locationId, period.holder);
    await recordAllowance(client, period.periodId, walletIdFor(owner), period.allowance);
    if (period.allowance > 0) {
      await this.grant(owner, envelope.id, period, period.allowance, 'plan', `plan allowance for period ${period.periodId}`);
    }
    if (period.previousPeriodId === null || period.rollover.mode === 'none') return;
    // Normally PlanPeriodEnded of the previous period came first; if not, its end is due now anyway.
    const previous = await this.close(client, owner, period.previousPeriodId, period.startsAt);
    const rollover = rolloverOf(previous.leftover, period.rollover, previous.allowance);
    if (rollover > 0) {
      await this.grant(owner, `${envelope.id}:rollover`, period, rollover, 'rollover', `rollover from period ${period.previousPeriodId}`);
    }
  }

  async ended(client: PoolClient, envelope: EventEnvelope & { data: PlanPeriodEnded['data'] }): Promise<void> {
    const period = envelope.data;
    await this.close(client, ownerOf(period.locationId, period.holder), period.periodId, period.endedAt);
  }

  private async grant(
    owner: WalletOwner,
    key: string,
    period: PlanPeriodStarted['data'],
    amount: number,
    source: 'plan' | 'rollover',
    reason: string,
  ): Promise<void> {
    await this.executor.execute({
      owner,
      idempotencyKey: key,
      request: { operation: 'plan-grant', periodId: period.periodId, source, amount },
      // The period's start is when the credits arrive: a late delivery does not shift them.
      command: (walletId) => ({
        type: 'GrantCredits',
        walletId,
        now: new Date(period.startsAt).toISOString(),
        actor: ACTOR,
        reason,
        lotId: `${source}:${period.periodId}`,
        kind: 'expiring',
        amount,
        source,
        expiresAt: new Date(period.endsAt).toISOString(),
        planPeriodId: period.periodId,
      }),
    });
  }

  /** Expires what is left of a period's lots (once, whoever asks first) and records how much that was. */
  private async close(client: PoolClient, owner: WalletOwner, periodId: string, at: string): Promise<{ leftover: number; allowance: number | null }> {
    const response = await this.executor.execute({
      owner,
      idempotencyKey: `plan-period-end:${periodId}`,
      request: { operation: 'plan-period-end', periodId },
      command: (walletId) => ({ type: 'ExpireLots', walletId, now: new Date(at).toISOString(), actor: ACTOR, reason: `plan period ${periodId} ended`, planPeriodId: periodId }),
    });
    const events = await eventsByIds(client, (response.body as { eventIds?: string[] }).eventIds ?? []);
    const leftover = events.reduce((total, event) => total + (event.type === 'CreditsExpired' ? event.data.amount : 0), 0);
    return { leftover, allowance: await recordLeftover(client, periodId, walletIdFor(owner), leftover) };
  }
}
