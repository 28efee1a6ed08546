/**
 * Instants are ISO-8601 UTC strings supplied with each command (domain code never reads the clock).
 * They are compared as epoch milliseconds, parsed strictly: `Date.parse` accepts "2024-02-30" and
 * local-time forms, which would make expiry depend on the machine.
 */

const ISO_UTC = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?Z$/;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Epoch milliseconds of a UTC instant like "2025-01-31T23:59:59.999Z", or null when it is not one. */
export function parseInstant(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const match = ISO_UTC.exec(value);
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number);
  if (year < 1000 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  // Sub-millisecond digits are dropped: instants are compared at millisecond precision.
  const millis = Number((match[7] ?? '').slice(0, 3).padEnd(3, '0'));
  return Date.UTC(year, month - 1, day, hour, minute, second, millis);
}

export function isInstant(value: unknown): value is string {
  return parseInstant(value) !== null;
}

/** Milliseconds of an instant already validated when it entered the domain (state and events). */
export function instantMillis(value: string): number {
  const millis = parseInstant(value);
  if (millis === null) throw new RangeError(`not an ISO-8601 UTC instant: ${JSON.stringify(value)}`);
  return millis;
}
