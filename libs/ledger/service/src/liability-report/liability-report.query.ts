import type { GrantSource, LotKind } from '@credits/contracts';
import type { LiabilityReportResponse, ValuedCreditsView } from '@credits/contracts/http';
import { formatCredits } from '@credits/ledger-domain';
import type { Pool } from 'pg';

/** Sums of hundredths of credits, with the unit price when it is known (in the location's currency). */
interface PricedRow {
  readonly hundredths: string;
  readonly unit_price: string | null;
}

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
export async function liabilityReport(pool: Pool, locationId: string, currency: string, asOf: Date): Promise<LiabilityReportResponse> {
  const outstanding = await pool.query<PricedRow & { kind: LotKind; source: GrantSource }>(
    `WITH lots AS (
       SELECT w.wallet_id, lot
       FROM ledger.wallets w, json_array_elements(w.state->'lots') AS lot
       WHERE w.location_id = $1
     ), reserved AS (
       SELECT w.wallet_id, r->>'lotId' AS lot_id, sum((r->>'amount')::bigint) AS amount
       FROM ledger.wallets w, json_each(w.state->'holds') AS hold, json_array_elements(hold.value->'reservations') AS r
       WHERE w.location_id = $1 AND hold.value->>'status' = 'open'
       GROUP BY w.wallet_id, r->>'lotId'
     )
     SELECT lot->>'kind' AS kind, lot->>'source' AS source,
            CASE WHEN lot->'unitPrice'->>'currency' = $2 THEN lot->'unitPrice'->>'amount' END AS unit_price,
            sum(CASE WHEN lot->>'expiredAt' IS NULL AND (lot->>'expiresAt' IS NULL OR (lot->>'expiresAt')::timestamptz > $3)
                     THEN (lot->>'remaining')::bigint ELSE 0 END + coalesce(reserved.amount, 0))::text AS hundredths
     FROM lots LEFT JOIN reserved ON reserved.wallet_id = lots.wallet_id AND reserved.lot_id = lots.lot->>'lotId'
     GROUP BY 1, 2, 3`,
    [locationId, currency, asOf],
  );
  const breakage = await pool.query<PricedRow & { month: string }>(
    `SELECT to_char(b.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM') AS month,
            CASE WHEN lot->'unitPrice'->>'currency' = $2 THEN lot->'unitPrice'->>'amount' END AS unit_price,
            sum(b.amount)::text AS hundredths
     FROM ledger.breakage b
     JOIN ledger.wallets w ON w.wallet_id = b.wallet_id
     LEFT JOIN LATERAL (SELECT l FROM json_array_elements(w.state->'lots') AS l WHERE l->>'lotId' = b.lot_id) AS found(lot) ON true
     WHERE b.location_id = $1
     GROUP BY 1, 2`,
    [locationId, currency],
  );
  const total = outstanding.rows.reduce((valuation, row) => valuation.add(row), new Valuation());
  return {
    locationId,
    currency,
    asOf: asOf.toISOString(),
    outstanding: {
      ...total.view(currency),
      byKind: grouped(outstanding.rows, 'kind', currency),
      bySource: grouped(outstanding.rows, 'source', currency),
    },
    breakage: grouped(breakage.rows, 'month', currency),
  };
}
