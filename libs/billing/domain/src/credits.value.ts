/** Credits as the API writes them ("12.50", "3") to integer hundredths and back (R3: no floating point). */
export function creditsToHundredths(credits: string): number {
  const [units, decimals = ''] = credits.split('.');
  return Number(units) * 100 + Number(decimals.padEnd(2, '0'));
}

/** 1250 -> "12.50" */
export function hundredthsToCredits(hundredths: number): string {
  return `${Math.floor(hundredths / 100)}.${String(hundredths % 100).padStart(2, '0')}`;
}
