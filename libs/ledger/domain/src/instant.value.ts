/**
 * Instants are ISO-8601 UTC strings supplied with each command (domain code never reads the clock).
 * They are compared as epoch milliseconds, parsed strictly: `Date.parse` accepts "2024-02-30" and
 * local-time forms, which would make expiry depend on the machine.
 */

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** The number written by the `length` digits at `start`, or -1 when one of them is not a digit. */
function digitsAt(text: string, start: number, length: number): number {
  let value = 0;
  for (let i = start; i < start + length; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/**
 * Epoch milliseconds of a UTC instant like "2025-01-31T23:59:59.999Z" (YYYY-MM-DDTHH:MM:SS, then
 * optionally 1-9 fraction digits, then Z), or null when it is not one. Read character by character:
 * every command compares several instants, and a regular expression per instant cost more than
 * deciding the rest of the command.
 */
export function parseInstant(value: unknown): number | null {
  if (typeof value !== 'string' || value.length < 20 || value.charCodeAt(value.length - 1) !== 90 /* Z */) return null;
  if (value[4] !== '-' || value[7] !== '-' || value[10] !== 'T' || value[13] !== ':' || value[16] !== ':') return null;
  const year = digitsAt(value, 0, 4);
  const month = digitsAt(value, 5, 2);
  const day = digitsAt(value, 8, 2);
  const hour = digitsAt(value, 11, 2);
  const minute = digitsAt(value, 14, 2);
  const second = digitsAt(value, 17, 2);
  if (year < 1000 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return null;
  let millis = 0;
  if (value.length > 20) {
    // Sub-millisecond digits are dropped: instants are compared at millisecond precision.
    const fractionDigits = value.length - 21;
    if (value[19] !== '.' || fractionDigits < 1 || fractionDigits > 9 || digitsAt(value, 20, fractionDigits) < 0) return null;
    millis = digitsAt(value, 20, Math.min(fractionDigits, 3)) * 10 ** (3 - Math.min(fractionDigits, 3));
  }
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
