/** Credits as the API writes them ("12.50", "20") to integer hundredths, and back (R3: no floating point). */
export function creditsToHundredths(credits: string): number {
  const [units, decimals = ''] = credits.split('.');
  return Number(units) * 100 + Number(decimals.padEnd(2, '0'));
}

export function hundredthsToCredits(hundredths: number): string {
  const text = String(hundredths).padStart(3, '0');
  return `${text.slice(0, -2)}.${text.slice(-2)}`;
}
