import type { GrantSource, LotKind } from '@credits/contracts';
import type { Pool } from 'pg';

/** Sums of hundredths of credits, with the unit price when it is known (in the location's currency). */
export interface PricedRow {
  readonly hundredths: string;
  readonly unit_price: string | null;
}

/** The rows of a location's liability report: credits outstanding by kind and source, breakage by month (UTC). */
export interface LiabilityRows {
  readonly outstanding: readonly (PricedRow & { kind: LotKind; source: GrantSource })[];
  readonly breakage: readonly (PricedRow & { month: string })[];
}

/** Unit prices in another currency than the location's are read as unknown (null). */
export async function liabilityRows(pool: Pool, locationId: string, currency: string, asOf: Date): Promise<LiabilityRows> {
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
            CASE WHEN g.data->'unitPrice'->>'currency' = $2 THEN g.data->'unitPrice'->>'amount' END AS unit_price,
            sum(b.amount)::text AS hundredths
     FROM ledger.breakage b
     -- the lot's grant (events_granted_once): an expired lot is no longer in its wallet's row
     JOIN ledger.events g ON g.stream_id = b.wallet_id AND g.type = 'CreditsGranted' AND g.data->>'lotId' = b.lot_id
     WHERE b.location_id = $1
     GROUP BY 1, 2`,
    [locationId, currency],
  );
  return { outstanding: outstanding.rows, breakage: breakage.rows };
}
