import type {
  Actor,
  CreditsDeducted,
  CreditsExpired,
  CreditsExpiringSoon,
  CreditsGranted,
  CreditsHeld,
  CreditsHoldCaptured,
  CreditsHoldReleased,
  CreditsRefunded,
  CreditsSpent,
  DeductionKind,
  GrantSource,
  LedgerEvent,
  LotKind,
  LotReturn,
  Money,
  MoneyRefundReference,
  SpendPurpose,
  WalletOwner,
} from '@credits/contracts';
import { deciderSpec } from '@credits/decider-testing';
import { decide } from '../wallet.decider';
import { evolve } from '../wallet.evolve';
import { replay } from '../wallet.fold';
import type { LedgerCommand } from '../wallet.commands';
import type { LedgerRejection } from '../wallet.rejections';
import type { WalletState } from '../wallet.state';

/** Test-only helpers: `given(events).when(command).then(events | rejection)`. */

export const WALLET = 'wallet:loc-1:user:u-1';
export const OWNER: WalletOwner = { locationId: 'loc-1', ownerType: 'user', ownerId: 'u-1' };
export const ADMIN: Actor = { type: 'user', id: 'admin-1' };
export const SYSTEM: Actor = { type: 'system', id: 'ledger' };
export const REASON = 'test';
export const PURPOSE: SpendPurpose = { resourceType: 'room', reference: 'booking-1' };

/** ISO string of epoch milliseconds, computed without Date (days-from-civil, H. Hinnant). */
export function isoFromMillis(ms: number): string {
  const day = 86_400_000;
  const days = Math.floor(ms / day);
  const rest = ms - days * day;
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  const h = Math.floor(rest / 3_600_000);
  const min = Math.floor((rest % 3_600_000) / 60_000);
  const s = Math.floor((rest % 60_000) / 1000);
  return `${pad(y, 4)}-${pad(m)}-${pad(d)}T${pad(h)}:${pad(min)}:${pad(s)}.${pad(rest % 1000, 3)}Z`;
}

/** 2025-01-01T00:00:00.000Z in epoch milliseconds. */
export const T0_MS = 1_735_689_600_000;
/** The instant `minutes` after 2025-01-01T00:00:00.000Z. */
export const t = (minutes: number): string => isoFromMillis(T0_MS + minutes * 60_000);
export const T0 = t(0);
export const HOUR = 60;
export const DAY = 24 * HOUR;

interface Meta {
  at?: string;
  actor?: Actor;
  reason?: string;
}

const base = (meta: Meta) => ({ walletId: WALLET, occurredAt: meta.at ?? T0, actor: meta.actor ?? ADMIN, reason: meta.reason ?? REASON });
type Parts = readonly (readonly [string, number])[];
type ReturnParts = readonly (readonly [string, number, number?])[];
const lotAmounts = (parts: Parts) => parts.map(([lotId, amount]) => ({ lotId, amount }));
const lotReturns = (parts: ReturnParts): LotReturn[] =>
  parts.map(([lotId, amount, expiredAmount]) => ({ lotId, amount, expiredAmount: expiredAmount ?? 0 }));
const total = (parts: readonly { amount: number }[]) => parts.reduce((sum, part) => sum + part.amount, 0);
const expiredTotal = (parts: readonly LotReturn[]) => parts.reduce((sum, part) => sum + part.expiredAmount, 0);

/** Event factories: defaults are wallet WALLET, actor ADMIN, reason REASON, at T0. */
export const ev = {
  granted(
    o: Meta & {
      lotId: string;
      amount: number;
      kind?: LotKind;
      expiresAt?: string | null;
      source?: GrantSource;
      planPeriodId?: string | null;
      unitPrice?: Money | null;
      purchaseId?: string | null;
      moneyRefund?: MoneyRefundReference | null;
    },
  ): CreditsGranted {
    const kind = o.kind ?? (o.expiresAt ? 'expiring' : 'permanent');
    return {
      type: 'CreditsGranted',
      version: 2,
      data: {
        ...base(o),
        lots: [{ lotId: o.lotId, amount: o.amount }],
        lotId: o.lotId,
        amount: o.amount,
        kind,
        expiresAt: o.expiresAt ?? null,
        source: o.source ?? (kind === 'expiring' ? 'plan' : 'admin'),
        planPeriodId: o.planPeriodId ?? null,
        unitPrice: o.unitPrice ?? null,
        purchaseId: o.purchaseId ?? null,
        moneyRefund: o.moneyRefund ?? null,
      },
    };
  },
  deducted(o: Meta & { deductionId: string; kind?: DeductionKind; lots: Parts }): CreditsDeducted {
    const lots = lotAmounts(o.lots);
    return { type: 'CreditsDeducted', version: 1, data: { ...base(o), lots, deductionId: o.deductionId, kind: o.kind ?? 'any', amount: total(lots) } };
  },
  spent(o: Meta & { spendId: string; lots: Parts; purpose?: SpendPurpose }): CreditsSpent {
    const lots = lotAmounts(o.lots);
    return { type: 'CreditsSpent', version: 1, data: { ...base(o), lots, spendId: o.spendId, amount: total(lots), purpose: o.purpose ?? PURPOSE } };
  },
  held(o: Meta & { holdId: string; lots: Parts; expiresAt: string; purpose?: SpendPurpose }): CreditsHeld {
    const lots = lotAmounts(o.lots);
    return {
      type: 'CreditsHeld',
      version: 1,
      data: { ...base(o), lots, holdId: o.holdId, amount: total(lots), expiresAt: o.expiresAt, purpose: o.purpose ?? PURPOSE },
    };
  },
  captured(o: Meta & { holdId: string; lots: Parts; released?: ReturnParts; purpose?: SpendPurpose }): CreditsHoldCaptured {
    const lots = lotAmounts(o.lots);
    const releasedLots = lotReturns(o.released ?? []);
    return {
      type: 'CreditsHoldCaptured',
      version: 1,
      data: {
        ...base(o),
        lots,
        holdId: o.holdId,
        amount: total(lots),
        purpose: o.purpose ?? PURPOSE,
        releasedAmount: total(releasedLots),
        expiredAmount: expiredTotal(releasedLots),
        releasedLots,
      },
    };
  },
  released(o: Meta & { holdId: string; lots: ReturnParts; timedOut?: boolean }): CreditsHoldReleased {
    const lots = lotReturns(o.lots);
    return {
      type: 'CreditsHoldReleased',
      version: 1,
      data: { ...base(o), lots, holdId: o.holdId, amount: total(lots), expiredAmount: expiredTotal(lots), timedOut: o.timedOut ?? false },
    };
  },
  refunded(o: Meta & { refundId: string; spendId?: string; holdId?: string; lots: ReturnParts }): CreditsRefunded {
    const lots = lotReturns(o.lots);
    return {
      type: 'CreditsRefunded',
      version: 1,
      data: {
        ...base(o),
        lots,
        refundId: o.refundId,
        spendId: o.spendId ?? null,
        holdId: o.holdId ?? null,
        amount: total(lots),
        expiredAmount: expiredTotal(lots),
      },
    };
  },
  expired(o: Meta & { lots: Parts; planPeriodId?: string | null }): CreditsExpired {
    const lots = lotAmounts(o.lots).map((part) => ({ ...part }));
    return { type: 'CreditsExpired', version: 1, data: { ...base(o), lots, amount: total(lots), planPeriodId: o.planPeriodId ?? null } };
  },
  expiringSoon(o: Meta & { lots: Parts; expiresAt: string; planPeriodId?: string | null }): CreditsExpiringSoon {
    const lots = lotAmounts(o.lots);
    return {
      type: 'CreditsExpiringSoon',
      version: 1,
      data: { ...base(o), lots, owner: OWNER, amount: total(lots), expiresAt: o.expiresAt, planPeriodId: o.planPeriodId ?? null },
    };
  },
};

type WithoutBase<C> = C extends LedgerCommand ? Omit<C, 'type' | 'walletId' | 'now' | 'actor' | 'reason'> & Partial<Pick<C, 'now' | 'actor' | 'reason'>> : never;
type CommandOf<T extends LedgerCommand['type']> = Extract<LedgerCommand, { type: T }>;

/** Command factories with the same defaults as the event factories (`now` = T0). */
export function command<T extends LedgerCommand['type']>(type: T, fields: WithoutBase<CommandOf<T>>): CommandOf<T> {
  return { type, walletId: WALLET, now: T0, actor: ADMIN, reason: REASON, ...fields } as unknown as CommandOf<T>;
}

export const given = deciderSpec<LedgerCommand, LedgerEvent, WalletState, LedgerRejection>({
  decide,
  evolve,
  replay: (history) => replay(WALLET, history),
});
