/**
 * Credits are exact (R3): two decimals, held as integer hundredths in JS numbers that must stay safe
 * integers. Text ("12.50") is the only accepted outside form, so no float ever enters the money path.
 */

export type ParseCreditsResult = { readonly ok: true; readonly value: number } | { readonly ok: false; readonly reason: string };

const CREDITS_TEXT = /^(\d+)(?:\.(\d{1,2}))?$/;
const MAX_HUNDREDTHS = BigInt(Number.MAX_SAFE_INTEGER);

/** True for amounts the ledger can hold: a safe integer number of hundredths. */
export function isCreditsAmount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

/** Parses a positive credits string with at most two decimals ("12.50" -> 1250). */
export function parseCredits(input: unknown): ParseCreditsResult {
  const fail = (reason: string): ParseCreditsResult => ({ ok: false, reason });
  if (typeof input !== 'string') {
    // Numbers are refused on purpose: 0.1 + 0.2 style values must never reach the ledger.
    return fail(`credits must be a decimal string like "12.50", got ${input === null ? 'null' : typeof input}`);
  }
  const shown = JSON.stringify(input.length > 40 ? `${input.slice(0, 40)}...` : input);
  if (input.length === 0) return fail('credits must not be empty');
  if (/\s/.test(input)) return fail(`credits must not contain whitespace, got ${shown}`);
  if (input.startsWith('-')) return fail(`credits must be positive, got ${shown}`);
  if (input.startsWith('+')) return fail(`credits must be written without a sign, got ${shown}`);
  if (/[eE]/.test(input) && /\d/.test(input)) return fail(`credits must be written in plain digits without an exponent, got ${shown}`);
  if (/^\d+\.\d{3,}$/.test(input)) return fail(`credits have at most two decimals, got ${shown}`);
  const match = CREDITS_TEXT.exec(input);
  if (!match) return fail(`credits must be digits with an optional "." and one or two decimals, like "12.50", got ${shown}`);
  const hundredths = BigInt(match[1]) * 100n + BigInt((match[2] ?? '').padEnd(2, '0'));
  if (hundredths === 0n) return fail(`credits must be more than zero, got ${shown}`);
  if (hundredths > MAX_HUNDREDTHS) {
    return fail(`credits must be at most ${formatCredits(Number.MAX_SAFE_INTEGER)}, got ${shown}`);
  }
  return { ok: true, value: Number(hundredths) };
}

/** 1250 -> "12.50", -500 -> "-5.00" (signed, for transaction history). Throws on non-integers. */
export function formatCredits(hundredths: number): string {
  if (!isCreditsAmount(hundredths)) throw new RangeError(`credits must be a safe integer of hundredths, got ${hundredths}`);
  const sign = hundredths < 0 ? '-' : '';
  const abs = Math.abs(hundredths);
  const units = Math.floor(abs / 100);
  const cents = abs % 100;
  return `${sign}${units}.${cents.toString().padStart(2, '0')}`;
}
