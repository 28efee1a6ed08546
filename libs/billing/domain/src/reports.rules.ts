import { grantSources, type GrantSource, type LedgerEvent, type PaymentPurposeType } from '@credits/contracts';
import type { RevenueSource } from '@credits/contracts/http';

/**
 * Monthly reports (R17) from per-month totals. Months are "YYYY-MM" in the location's time zone;
 * which month an instant belongs to is decided where the facts are summed (the store, by
 * PostgreSQL's time-zone rules). Amounts are bigint so sums stay exact at any size.
 */

export type MonthRange =
  | { readonly ok: true; readonly months: readonly string[] }
  | { readonly ok: false; readonly problems: ReadonlyArray<{ readonly field: string; readonly reason: string }> };

const ordinal = (month: string): number => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
const monthOf = (index: number): string => `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;

/** The month after a "YYYY-MM" month. */
export function nextMonth(month: string): string {
  return monthOf(ordinal(month) + 1);
}

/** Every month from `from` to `to`, both included; `to` before `from`, or more than `max` months, is a problem of `to`. */
export function reportMonths(from: string, to: string, max: number): MonthRange {
  const count = ordinal(to) - ordinal(from) + 1;
  if (count < 1) return { ok: false, problems: [{ field: 'to', reason: `must not be before from (${from})` }] };
  if (count > max) return { ok: false, problems: [{ field: 'to', reason: `must be at most ${max} months from ${from} on (both included); asked for ${count}` }] };
  return { ok: true, months: Array.from({ length: count }, (_, i) => monthOf(ordinal(from) + i)) };
}

export const creditMovements = ['granted', 'spent', 'deducted', 'refunded', 'expired'] as const;
export type CreditMovement = (typeof creditMovements)[number];

/** Credits (hundredths) that moved one way in one month; `source` only for grants. */
export interface CreditMovementTotal {
  readonly month: string;
  readonly movement: CreditMovement;
  readonly source: GrantSource | null;
  readonly amount: bigint;
}

/** A movement of one ledger event, before it is put into a month. */
export interface CreditMovementFact {
  readonly movement: CreditMovement;
  readonly source: GrantSource | null;
  readonly amount: number;
}

/**
 * How a ledger event moves the location's credits. Holds move nothing until captured (held
 * credits are still outstanding); credits returned into lots that had expired expire at once.
 * Zero amounts are left out.
 */
export function creditMovementsOf(event: LedgerEvent): CreditMovementFact[] {
  const move = (movement: CreditMovement, amount: number, source: GrantSource | null = null): CreditMovementFact[] => (amount > 0 ? [{ movement, source, amount }] : []);
  switch (event.type) {
    case 'CreditsGranted':
      return move('granted', event.data.amount, event.data.source);
    case 'CreditsSpent':
      return move('spent', event.data.amount);
    case 'CreditsDeducted':
      return move('deducted', event.data.amount);
    case 'CreditsHoldCaptured':
      return [...move('spent', event.data.amount), ...move('expired', event.data.expiredAmount)];
    case 'CreditsHoldReleased':
      return move('expired', event.data.expiredAmount);
    case 'CreditsRefunded':
      return [...move('refunded', event.data.amount), ...move('expired', event.data.expiredAmount)];
    case 'CreditsExpired':
      return move('expired', event.data.amount);
    case 'CreditsHeld':
    case 'CreditsExpiringSoon':
      return [];
  }
}

/** The revenue source a card payment counts for, by what it paid. */
export const REVENUE_SOURCE_OF_PAYMENT: Readonly<Record<PaymentPurposeType, RevenueSource>> = { 'credit-purchase': 'credit-purchases', booking: 'bookings' };

export interface CreditMonth {
  readonly month: string;
  readonly granted: Readonly<Record<GrantSource, bigint>>;
  readonly spent: bigint;
  readonly deducted: bigint;
  readonly refunded: bigint;
  readonly expired: bigint;
  /** in wallets at the month's end */
  readonly outstanding: bigint;
}

export interface CreditReport {
  readonly openingOutstanding: bigint;
  readonly months: readonly CreditMonth[];
}

/** What a movement does to the credits outstanding (held credits stay outstanding until captured). */
const OUTSTANDING_SIGN: Record<CreditMovement, bigint> = { granted: 1n, refunded: 1n, spent: -1n, deducted: -1n, expired: -1n };

/**
 * The credit report of `months` (consecutive, ascending): totals of earlier months make the opening
 * outstanding, later ones are ignored; every month is listed, zeros included, and outstanding runs on
 * through months without movements.
 */
export function creditReport(months: readonly string[], totals: readonly CreditMovementTotal[]): CreditReport {
  const first = months[0];
  const index = new Map(months.map((month, i) => [month, i]));
  const rows = months.map(() => ({
    granted: Object.fromEntries(grantSources.map((source) => [source, 0n])) as Record<GrantSource, bigint>,
    spent: 0n,
    deducted: 0n,
    refunded: 0n,
    expired: 0n,
  }));
  let opening = 0n;
  for (const total of totals) {
    if (total.month < first) {
      opening += OUTSTANDING_SIGN[total.movement] * total.amount;
      continue;
    }
    const at = index.get(total.month);
    if (at === undefined) continue;
    const row = rows[at];
    if (total.movement === 'granted') {
      if (total.source === null) throw new Error(`a grant total of ${total.month} has no source`);
      row.granted[total.source] += total.amount;
    } else {
      row[total.movement] += total.amount;
    }
  }
  let outstanding = opening;
  return {
    openingOutstanding: opening,
    months: months.map((month, i) => {
      const row = rows[i];
      const granted = grantSources.reduce((sum, source) => sum + row.granted[source], 0n);
      outstanding += granted + row.refunded - row.spent - row.deducted - row.expired;
      return { month, ...row, outstanding };
    }),
  };
}

/** Money taken and refunded for one source in one month and currency (minor units). */
export interface RevenueTotal {
  readonly month: string;
  readonly source: string;
  readonly currency: string;
  readonly received: bigint;
  readonly refunded: bigint;
}

export interface RevenueLine {
  readonly source: string;
  readonly currency: string;
  readonly received: bigint;
  readonly refunded: bigint;
  readonly net: bigint;
}

export interface RevenueMonth {
  readonly month: string;
  readonly sources: readonly RevenueLine[];
}

/**
 * The revenue report of `months`: per month every one of `sources` in the location's `currency`
 * (zeros included), then whatever else the totals hold (another currency, an unattributed refund)
 * rather than dropping money. Totals outside the months are ignored.
 */
export function revenueReport(months: readonly string[], currency: string, sources: readonly string[], totals: readonly RevenueTotal[]): RevenueMonth[] {
  return months.map((month) => {
    const lines = new Map<string, { source: string; currency: string; received: bigint; refunded: bigint }>();
    for (const source of sources) lines.set(`${source} ${currency}`, { source, currency, received: 0n, refunded: 0n });
    for (const total of totals) {
      if (total.month !== month) continue;
      const key = `${total.source} ${total.currency}`;
      const line = lines.get(key) ?? { source: total.source, currency: total.currency, received: 0n, refunded: 0n };
      line.received += total.received;
      line.refunded += total.refunded;
      lines.set(key, line);
    }
    return { month, sources: [...lines.values()].map((line) => ({ ...line, net: line.received - line.refunded })) };
  });
}
