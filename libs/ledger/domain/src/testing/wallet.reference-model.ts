import type { GrantSource } from '@credits/contracts';
import type { LedgerCommand } from '../wallet.commands';

/**
 * A deliberately simple, mutable model of a wallet written from the rules (R4-R9), not from the
 * decider: numbers for instants, Maps for everything, no events. The property test runs both side by
 * side and compares outcomes and balances. It only understands the commands the scenarios generate
 * (valid timestamps, actors and purposes).
 */

interface ModelLot {
  id: string;
  kind: 'permanent' | 'expiring';
  created: number;
  order: number;
  expires: number | null;
  left: number;
  closed: boolean;
  period: string | null;
  source: GrantSource;
  expiresAtText: string | null;
}

interface Taken {
  lot: ModelLot;
  taken: number;
  back: number;
}

interface ModelHold {
  amount: number;
  expires: number;
  parts: Taken[];
  state: 'open' | 'captured' | 'released';
}

export type ModelOutcome = 'ok' | string;

// Date.parse, not the domain's parseInstant, to stay independent (scenario instants are canonical UTC).
const ms = (iso: string) => Date.parse(iso);
const isAmount = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n > 0;

export class ReferenceWallet {
  private readonly lots: ModelLot[] = [];
  private readonly holds = new Map<string, ModelHold>();
  private readonly spends = new Map<string, Taken[]>();
  private readonly captures = new Map<string, Taken[]>();
  private readonly deductions = new Set<string>();
  private readonly refunds = new Set<string>();
  private readonly warnedOf = new Set<string>();

  /** Running totals for the conservation check; `warned` (notices of expiring credits) is outside it. */
  readonly totals = { granted: 0, spent: 0, deducted: 0, expired: 0, refunded: 0, warned: 0 };

  private dead(lot: ModelLot, now: number): boolean {
    return lot.closed || (lot.expires !== null && lot.expires <= now);
  }

  /** Usable lots in R7 order, optionally only one kind. */
  private queue(now: number, kind?: 'permanent' | 'expiring'): ModelLot[] {
    const usable = this.lots.filter((lot) => !this.dead(lot, now) && lot.left > 0 && (!kind || lot.kind === kind));
    const expiring = usable
      .filter((lot) => lot.kind === 'expiring')
      .sort((a, b) => (a.expires as number) - (b.expires as number) || a.created - b.created || a.order - b.order);
    const permanent = usable.filter((lot) => lot.kind === 'permanent').sort((a, b) => a.created - b.created || a.order - b.order);
    return [...expiring, ...permanent];
  }

  private take(queue: ModelLot[], amount: number): Taken[] {
    const parts: Taken[] = [];
    for (const lot of queue) {
      if (amount === 0) break;
      const n = lot.left < amount ? lot.left : amount;
      lot.left -= n;
      amount -= n;
      parts.push({ lot, taken: n, back: 0 });
    }
    return parts;
  }

  /** Credits back into a lot; into a dead lot they expire on the spot. */
  private giveBack(lot: ModelLot, n: number, now: number): void {
    if (this.dead(lot, now)) this.totals.expired += n;
    else lot.left += n;
  }

  private available(queue: ModelLot[]): number {
    let sum = 0;
    for (const lot of queue) sum += lot.left;
    return sum;
  }

  apply(command: LedgerCommand): ModelOutcome {
    const now = ms(command.now);
    switch (command.type) {
      case 'GrantCredits': {
        if (this.lots.some((lot) => lot.id === command.lotId)) return 'duplicate-id';
        if (!isAmount(command.amount)) return 'invalid-amount';
        if (command.kind === 'expiring' && !(command.expiresAt && ms(command.expiresAt) > now)) return 'invalid-expiry';
        if (command.kind === 'permanent' && command.expiresAt) return 'invalid-expiry';
        this.lots.push({
          id: command.lotId,
          kind: command.kind,
          created: now,
          order: this.lots.length,
          expires: command.kind === 'expiring' ? ms(command.expiresAt as string) : null,
          expiresAtText: command.kind === 'expiring' ? (command.expiresAt as string) : null,
          left: command.amount,
          closed: false,
          period: command.planPeriodId ?? null,
          source: command.source,
        });
        this.totals.granted += command.amount;
        return 'ok';
      }
      case 'DeductCredits': {
        if (this.deductions.has(command.deductionId)) return 'duplicate-id';
        if (!isAmount(command.amount)) return 'invalid-amount';
        const queue = this.queue(now, command.kind === 'any' ? undefined : command.kind);
        if (this.available(queue) < command.amount) return 'insufficient-credits';
        this.take(queue, command.amount);
        this.deductions.add(command.deductionId);
        this.totals.deducted += command.amount;
        return 'ok';
      }
      case 'SpendCredits': {
        if (this.spends.has(command.spendId)) return 'duplicate-id';
        if (!isAmount(command.amount)) return 'invalid-amount';
        const queue = this.queue(now);
        if (this.available(queue) < command.amount) return 'insufficient-credits';
        this.spends.set(command.spendId, this.take(queue, command.amount));
        this.totals.spent += command.amount;
        return 'ok';
      }
      case 'HoldCredits': {
        if (this.holds.has(command.holdId)) return 'duplicate-id';
        if (!isAmount(command.amount)) return 'invalid-amount';
        if (!(ms(command.expiresAt) > now)) return 'invalid-expiry';
        const queue = this.queue(now);
        if (this.available(queue) < command.amount) return 'insufficient-credits';
        this.holds.set(command.holdId, { amount: command.amount, expires: ms(command.expiresAt), parts: this.take(queue, command.amount), state: 'open' });
        return 'ok';
      }
      case 'CaptureHold': {
        const hold = this.holds.get(command.holdId);
        if (!hold) return 'hold-not-found';
        if (hold.state !== 'open') return 'hold-not-open';
        if (now >= hold.expires) return 'hold-expired';
        const amount = command.amount === undefined ? hold.amount : command.amount;
        if (!isAmount(amount)) return 'invalid-amount';
        if (amount > hold.amount) return 'capture-exceeds-hold';
        let toCapture = amount;
        const captured: Taken[] = [];
        for (const part of hold.parts) {
          const c = Math.min(part.taken, toCapture);
          toCapture -= c;
          if (c > 0) captured.push({ lot: part.lot, taken: c, back: 0 });
          if (part.taken > c) this.giveBack(part.lot, part.taken - c, now);
        }
        hold.state = 'captured';
        this.captures.set(command.holdId, captured);
        this.totals.spent += amount;
        return 'ok';
      }
      case 'ReleaseHold': {
        const hold = this.holds.get(command.holdId);
        if (!hold) return 'hold-not-found';
        if (hold.state !== 'open') return 'hold-not-open';
        this.release(hold, now);
        return 'ok';
      }
      case 'ExpireHolds': {
        for (const hold of this.holds.values()) if (hold.state === 'open' && hold.expires <= now) this.release(hold, now);
        return 'ok';
      }
      case 'RefundSpend': {
        if (this.refunds.has(command.refundId)) return 'duplicate-id';
        const parts = command.spendId !== undefined ? this.spends.get(command.spendId) : this.captures.get(command.holdId as string);
        if (!parts) return 'spend-not-found';
        if (command.amount !== undefined && !isAmount(command.amount)) return 'invalid-amount';
        let refundable = 0;
        for (const part of parts) refundable += part.taken - part.back;
        const amount = command.amount ?? refundable;
        if (amount === 0 || amount > refundable) return 'refund-exceeds-spent';
        let rest = amount;
        for (let i = parts.length - 1; i >= 0 && rest > 0; i--) {
          const n = Math.min(parts[i].taken - parts[i].back, rest);
          parts[i].back += n;
          rest -= n;
          this.giveBack(parts[i].lot, n, now);
        }
        this.refunds.add(command.refundId);
        this.totals.refunded += amount;
        return 'ok';
      }
      case 'ExpireLots': {
        for (const lot of this.lots) {
          if (lot.kind !== 'expiring' || lot.closed) continue;
          const due = command.planPeriodId ? lot.period === command.planPeriodId : (lot.expires as number) <= now;
          if (!due) continue;
          this.totals.expired += lot.left;
          lot.left = 0;
          lot.closed = true;
        }
        return 'ok';
      }
      case 'WarnExpiringCredits': {
        // One notice per plan period, or per expiry instant for lots without a period, while credits are left.
        const groups = new Map<string, ModelLot[]>();
        for (const lot of this.lots) {
          const key = lot.period ? `period ${lot.period}` : `at ${lot.expires}`;
          if (lot.kind !== 'expiring' || this.dead(lot, now) || lot.left === 0 || this.warnedOf.has(key)) continue;
          groups.set(key, [...(groups.get(key) ?? []), lot]);
        }
        for (const [key, lots] of groups) {
          const soonest = Math.min(...lots.map((lot) => lot.expires as number));
          if (now < soonest - command.leadMs) continue;
          this.warnedOf.add(key);
          for (const lot of lots) this.totals.warned += lot.left;
        }
        return 'ok';
      }
    }
  }

  private release(hold: ModelHold, now: number): void {
    for (const part of hold.parts) this.giveBack(part.lot, part.taken, now);
    hold.state = 'released';
  }

  /** What the wallet shows at `now`. */
  balance(nowIso: string) {
    const now = ms(nowIso);
    const queue = this.queue(now);
    let permanent = 0;
    let expiring = 0;
    for (const lot of queue) {
      if (lot.kind === 'permanent') permanent += lot.left;
      else expiring += lot.left;
    }
    let held = 0;
    for (const hold of this.holds.values()) if (hold.state === 'open') held += hold.amount;
    return {
      balance: permanent + expiring,
      permanent,
      expiring,
      held,
      lots: queue.map((lot) => ({ lotId: lot.id, kind: lot.kind, remaining: lot.left, expiresAt: lot.expiresAtText, source: lot.source })),
    };
  }

  /** Credits still in lots that are past their expiry but not yet closed by ExpireLots. */
  pendingExpiry(nowIso: string): number {
    const now = ms(nowIso);
    return this.lots.filter((lot) => !lot.closed && this.dead(lot, now)).reduce((sum, lot) => sum + lot.left, 0);
  }
}
