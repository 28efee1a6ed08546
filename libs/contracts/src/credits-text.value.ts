/**
 * Credits between their API text ("12.50", "3") and integer hundredths (R3), for services outside
 * the ledger. Text comes validated by CREDITS_PATTERN; no floating point on the way.
 */
export function creditsFromText(text: string): number {
  const [units, decimals = ''] = text.split('.');
  return Number(units) * 100 + Number(decimals.padEnd(2, '0'));
}

/** 1250 -> "12.50" (non-negative amounts only). */
export function creditsToText(hundredths: number): string {
  if (!Number.isSafeInteger(hundredths) || hundredths < 0) throw new RangeError(`credits must be a non-negative safe integer of hundredths, got ${hundredths}`);
  return `${Math.floor(hundredths / 100)}.${String(hundredths % 100).padStart(2, '0')}`;
}
