// Type-only: the domain does not load the contracts package at runtime.
import type { BillingPeriod } from '@credits/contracts';

/** A wall-clock date and time in some time zone (month 1-12). */
export interface LocalDateTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly millisecond: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The wall-clock time at `instant` in `timeZone`. */
export function toLocal(instant: Date, timeZone: string): LocalDateTime {
  const parts = Object.fromEntries(formatterFor(timeZone).formatToParts(instant).map((part) => [part.type, Number(part.value)]));
  return {
    year: parts.year,
    month: parts.month,
    day: parts.day,
    hour: parts.hour,
    minute: parts.minute,
    second: parts.second,
    millisecond: instant.getUTCMilliseconds(),
  };
}

function wallClockAsUtc(local: LocalDateTime): number {
  return Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second, local.millisecond);
}

/** Offset of `timeZone` from UTC at `instant`, in milliseconds (+01:00 is 3 600 000). */
export function offsetAt(instant: number, timeZone: string): number {
  const local = toLocal(new Date(instant), timeZone);
  return wallClockAsUtc(local) - instant;
}

/**
 * The instant a wall-clock time happens in `timeZone`. Across a DST change: a time that happens
 * twice (clocks go back) is its first occurrence; a time that does not exist (clocks go forward)
 * is moved forward by the gap, e.g. 02:30 becomes 03:30 (as Temporal's "compatible" does).
 */
export function fromLocal(local: LocalDateTime, timeZone: string): Date {
  const wall = wallClockAsUtc(local);
  // No zone changes its offset twice within two days, so these two offsets are the candidates.
  const before = offsetAt(wall - 86_400_000, timeZone);
  const after = offsetAt(wall + 86_400_000, timeZone);
  const valid = [wall - before, wall - after].filter((instant) => offsetAt(instant, timeZone) === wall - instant);
  if (valid.length > 0) return new Date(Math.min(...valid));
  return new Date(wall - before);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * The `index`-th boundary of periods anchored at `anchor`: index 0 is the anchor itself. Always
 * counted from the anchor, so a month period anchored on Jan 31 ends on Feb 28 (29 in leap years)
 * and the next one on Mar 31, not Mar 28. Days, weeks and months are calendar units in the
 * location's time zone: a day across a DST change is 23 or 25 hours long, the wall-clock time stays.
 */
export function periodBoundary(anchor: Date, timeZone: string, period: BillingPeriod, index: number): Date {
  const start = toLocal(anchor, timeZone);
  switch (period.unit) {
    case 'day':
    case 'week': {
      const days = index * period.count * (period.unit === 'week' ? 7 : 1);
      const date = new Date(Date.UTC(start.year, start.month - 1, start.day + days));
      return fromLocal({ ...start, year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() }, timeZone);
    }
    case 'month': {
      const months = start.month - 1 + index * period.count;
      const year = start.year + Math.floor(months / 12);
      const month = (months % 12) + 1;
      return fromLocal({ ...start, year, month, day: Math.min(start.day, daysInMonth(year, month)) }, timeZone);
    }
    default: {
      const unknownUnit: never = period.unit;
      throw new Error(`unknown period unit ${String(unknownUnit)}`);
    }
  }
}
