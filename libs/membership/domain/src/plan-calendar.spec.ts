import { fromLocal, periodBoundary, toLocal } from './plan-calendar';

const at = (iso: string) => new Date(iso);
const month = { unit: 'month', count: 1 } as const;
const day = { unit: 'day', count: 1 } as const;

describe('plan calendar', () => {
  describe('months in the location time zone', () => {
    it('ends a period anchored on Jan 31 on Feb 28, and the next on Mar 31 (no drift)', () => {
      const anchor = at('2026-01-30T23:00:00Z'); // Jan 31 00:00 in Berlin
      expect(periodBoundary(anchor, 'Europe/Berlin', month, 1).toISOString()).toBe('2026-02-27T23:00:00.000Z');
      // Mar 31 00:00 is after the switch to summer time (+02:00)
      expect(periodBoundary(anchor, 'Europe/Berlin', month, 2).toISOString()).toBe('2026-03-30T22:00:00.000Z');
      expect(periodBoundary(anchor, 'Europe/Berlin', month, 3).toISOString()).toBe('2026-04-29T22:00:00.000Z');
    });

    it('uses Feb 29 in leap years', () => {
      expect(periodBoundary(at('2028-01-30T23:00:00Z'), 'Europe/Berlin', month, 1).toISOString()).toBe('2028-02-28T23:00:00.000Z');
    });

    it('moves a Feb 29 anchor to Feb 28 in common years and back to Feb 29 in the next leap year', () => {
      const anchor = at('2024-02-28T23:00:00Z'); // 2024-02-29 00:00 in Berlin
      const yearly = { unit: 'month', count: 12 } as const;
      expect(periodBoundary(anchor, 'Europe/Berlin', yearly, 1).toISOString()).toBe('2025-02-27T23:00:00.000Z');
      expect(periodBoundary(anchor, 'Europe/Berlin', yearly, 4).toISOString()).toBe('2028-02-28T23:00:00.000Z');
    });

    it('keeps the wall-clock time when the offset differs between start and end', () => {
      const anchor = at('2026-01-15T05:00:00Z'); // Jan 15 00:00 in New York (EST, -05:00)
      expect(periodBoundary(anchor, 'America/New_York', { unit: 'month', count: 3 }, 1).toISOString()).toBe('2026-04-15T04:00:00.000Z');
    });

    it('handles the date line: a boundary is midnight in the location, not in UTC', () => {
      const anchor = at('2026-02-28T11:00:00Z'); // Mar 1 00:00 in Auckland (NZDT, +13:00)
      expect(periodBoundary(anchor, 'Pacific/Auckland', month, 1).toISOString()).toBe('2026-03-31T11:00:00.000Z');
      // Apr 5 2026 NZ leaves summer time: May 1 00:00 is +12:00
      expect(periodBoundary(anchor, 'Pacific/Auckland', month, 2).toISOString()).toBe('2026-04-30T12:00:00.000Z');
    });
  });

  describe('days and weeks across DST changes', () => {
    it('makes the day clocks go forward 23 hours long', () => {
      const anchor = at('2026-03-28T08:00:00Z'); // Mar 28 09:00 CET
      const end = periodBoundary(anchor, 'Europe/Berlin', day, 1);
      expect(end.toISOString()).toBe('2026-03-29T07:00:00.000Z'); // Mar 29 09:00 CEST
      expect(end.getTime() - anchor.getTime()).toBe(23 * 3_600_000);
    });

    it('makes the day clocks go back 25 hours long', () => {
      const anchor = at('2026-10-24T07:00:00Z'); // Oct 24 09:00 CEST
      const end = periodBoundary(anchor, 'Europe/Berlin', day, 1);
      expect(end.toISOString()).toBe('2026-10-25T08:00:00.000Z'); // Oct 25 09:00 CET
      expect(end.getTime() - anchor.getTime()).toBe(25 * 3_600_000);
    });

    it('moves a time that does not exist forward by the gap, and returns to it the day after', () => {
      const anchor = at('2026-03-28T01:30:00Z'); // Mar 28 02:30 CET
      expect(periodBoundary(anchor, 'Europe/Berlin', day, 1).toISOString()).toBe('2026-03-29T01:30:00.000Z'); // 03:30 CEST
      expect(periodBoundary(anchor, 'Europe/Berlin', day, 2).toISOString()).toBe('2026-03-30T00:30:00.000Z'); // 02:30 CEST
    });

    it('takes the first of a time that happens twice', () => {
      const anchor = at('2026-10-24T00:30:00Z'); // Oct 24 02:30 CEST
      expect(periodBoundary(anchor, 'Europe/Berlin', day, 1).toISOString()).toBe('2026-10-25T00:30:00.000Z'); // 02:30 CEST, not CET
    });

    it('counts weeks as 7 calendar days', () => {
      const anchor = at('2026-03-23T09:00:00Z'); // Mon Mar 23 10:00 CET
      expect(periodBoundary(anchor, 'Europe/Berlin', { unit: 'week', count: 1 }, 1).toISOString()).toBe('2026-03-30T08:00:00.000Z');
      expect(periodBoundary(anchor, 'Europe/Berlin', { unit: 'week', count: 2 }, 1).toISOString()).toBe('2026-04-06T08:00:00.000Z');
    });

    it('counts days across a month and a year end', () => {
      expect(periodBoundary(at('2026-12-30T12:00:00Z'), 'UTC', { unit: 'day', count: 3 }, 1).toISOString()).toBe('2027-01-02T12:00:00.000Z');
    });
  });

  it('converts between instants and wall-clock times', () => {
    expect(toLocal(at('2026-07-01T10:15:30.250Z'), 'Europe/Berlin')).toEqual({
      year: 2026,
      month: 7,
      day: 1,
      hour: 12,
      minute: 15,
      second: 30,
      millisecond: 250,
    });
    const local = { year: 2026, month: 7, day: 1, hour: 12, minute: 15, second: 30, millisecond: 250 };
    expect(fromLocal(local, 'Europe/Berlin').toISOString()).toBe('2026-07-01T10:15:30.250Z');
    expect(fromLocal(local, 'Asia/Kolkata').toISOString()).toBe('2026-07-01T06:45:30.250Z');
  });
});
