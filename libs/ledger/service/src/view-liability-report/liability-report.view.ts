import type { LiabilityReportResponse, ValuedCreditsView } from '@credits/contracts/http';
import { formatCredits } from '@credits/ledger-domain';
import type { LiabilityRows, PricedRow } from './liability-report.store';

class Valuation {
  private hundredths = 0n;
  private unvalued = 0n;
  // value in hundredths of minor units: rounded once, at the end
  private value = 0n;

  add(row: PricedRow): this {
    const hundredths = BigInt(row.hundredths);
    this.hundredths += hundredths;
    if (row.unit_price === null) this.unvalued += hundredths;
    else this.value += hundredths * BigInt(row.unit_price);
    return this;
  }

  view(currency: string): ValuedCreditsView {
    return {
      credits: formatCredits(Number(this.hundredths)),
      value: { amount: Number((this.value + 50n) / 100n), currency },
      unvaluedCredits: formatCredits(Number(this.unvalued)),
    };
  }
}

function grouped<K extends string>(rows: ReadonlyArray<PricedRow & Record<K, string>>, key: K, currency: string): Array<ValuedCreditsView & Record<K, string>> {
  const groups = new Map<string, Valuation>();
  for (const row of rows) groups.set(row[key], (groups.get(row[key]) ?? new Valuation()).add(row));
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([name, valuation]) => ({ [key]: name, ...valuation.view(currency) }) as ValuedCreditsView & Record<K, string>);
}

/**
 * What a location owes in credits (lots still usable at `asOf`, plus credits reserved by open holds,
 * which go back to their lots unless captured) and what expired unused, per month (UTC).
 * Unit prices in another currency than the location's count as unknown.
 */
export function liabilityReportView(
  rows: LiabilityRows,
  locationId: string,
  currency: string,
  asOf: Date,
): LiabilityReportResponse {
  const { outstanding, breakage } = rows;
  const total = outstanding.reduce((valuation, row) => valuation.add(row), new Valuation());
  return {
    locationId,
    currency,
    asOf: asOf.toISOString(),
    outstanding: {
      ...total.view(currency),
      byKind: grouped(outstanding, 'kind', currency),
      bySource: grouped(outstanding, 'source', currency),
    },
    breakage: grouped(breakage, 'month', currency),
  };
}
