import type { CreditMovement, CreditMovementFact, CreditMovementTotal, RevenueTotal } from '@credits/billing-domain';
import type { GrantSource } from '@credits/contracts';
import type { Pool, PoolClient } from 'pg';

/** Money in or out, as the report counts it; refunds name their payment, whose source is looked up when reported. */
export interface RevenueFact {
  readonly factId: string;
  readonly locationId: string;
  readonly kind: 'sale' | 'refund';
  readonly source: string | null;
  readonly paymentId: string | null;
  readonly amount: number;
  readonly currency: string;
  readonly occurredAt: string;
}

/** The credit movements of one ledger event (fact ids `eventId:movement`). */
export interface EventCreditMovements {
  readonly eventId: string;
  readonly locationId: string;
  readonly occurredAt: string;
  readonly facts: readonly CreditMovementFact[];
}

/** What a delivery of messages adds to the reports. */
export interface ReportFacts {
  readonly revenue: readonly RevenueFact[];
  readonly paymentSources: readonly { readonly paymentId: string; readonly source: string }[];
  readonly creditMovements: readonly EventCreditMovements[];
}

/**
 * Stores a delivery's facts, one statement per kind: each fact counts once however often its
 * event arrives (its id is what was sold, paid, refunded or moved).
 */
export async function recordReportFacts(client: PoolClient, facts: ReportFacts): Promise<void> {
  const { revenue, paymentSources } = facts;
  if (revenue.length > 0) {
    await client.query(
      `INSERT INTO billing.report_revenue (fact_id, location_id, kind, source, payment_id, amount, currency, occurred_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::text[], $8::timestamptz[])
       ON CONFLICT (fact_id) DO NOTHING`,
      [
        revenue.map((f) => f.factId),
        revenue.map((f) => f.locationId),
        revenue.map((f) => f.kind),
        revenue.map((f) => f.source),
        revenue.map((f) => f.paymentId),
        revenue.map((f) => f.amount),
        revenue.map((f) => f.currency),
        revenue.map((f) => f.occurredAt),
      ],
    );
  }
  if (paymentSources.length > 0) {
    await client.query(`INSERT INTO billing.report_payment_sources (payment_id, source) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT (payment_id) DO NOTHING`, [
      paymentSources.map((p) => p.paymentId),
      paymentSources.map((p) => p.source),
    ]);
  }
  const movements = facts.creditMovements.flatMap((event) => event.facts.map((fact) => ({ ...event, ...fact })));
  if (movements.length > 0) {
    await client.query(
      `INSERT INTO billing.report_credit_movements (fact_id, location_id, movement, source, amount, occurred_at)
       SELECT m.event_id || ':' || m.movement, m.location_id, m.movement, m.source, m.amount, m.occurred_at
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::timestamptz[]) AS m(event_id, location_id, movement, source, amount, occurred_at)
       ON CONFLICT (fact_id) DO NOTHING`,
      [
        movements.map((m) => m.eventId),
        movements.map((m) => m.locationId),
        movements.map((m) => m.movement),
        movements.map((m) => m.source),
        movements.map((m) => m.amount),
        movements.map((m) => m.occurredAt),
      ],
    );
  }
}

// Months are decided here, on the local wall-clock time in the location's zone (PostgreSQL's zone
// rules): $3 (end) and $4 (from) are local month starts. The UTC pre-filter, a day of slack either
// way (more than any zone's offset), lets the index narrow the scan.

/** Money per month, source and currency from the start of `from` up to (not including) the start of `end`, local months of `timezone`. */
export async function revenueTotals(pool: Pool, locationId: string, timezone: string, from: string, end: string): Promise<RevenueTotal[]> {
  const result = await pool.query<{ month: string; source: string; currency: string; received: string; refunded: string }>(
    `SELECT to_char(r.occurred_at AT TIME ZONE $2, 'YYYY-MM') AS month,
            COALESCE(r.source, p.source, 'unattributed') AS source,
            r.currency,
            COALESCE(sum(r.amount) FILTER (WHERE r.kind = 'sale'), 0)::text AS received,
            COALESCE(sum(r.amount) FILTER (WHERE r.kind = 'refund'), 0)::text AS refunded
     FROM billing.report_revenue r LEFT JOIN billing.report_payment_sources p ON p.payment_id = r.payment_id
     WHERE r.location_id = $1
       AND r.occurred_at >= ($4::timestamp - interval '1 day') AT TIME ZONE 'UTC'
       AND r.occurred_at < ($3::timestamp + interval '1 day') AT TIME ZONE 'UTC'
       AND r.occurred_at AT TIME ZONE $2 >= $4::timestamp
       AND r.occurred_at AT TIME ZONE $2 < $3::timestamp
     GROUP BY 1, 2, 3`,
    [locationId, timezone, `${end}-01`, `${from}-01`],
  );
  return result.rows.map((row) => ({ month: row.month, source: row.source, currency: row.currency, received: BigInt(row.received), refunded: BigInt(row.refunded) }));
}

/** Credits moved per month, movement and grant source, from the beginning up to (not including) the start of `end`. */
export async function creditMovementTotals(pool: Pool, locationId: string, timezone: string, end: string): Promise<CreditMovementTotal[]> {
  const result = await pool.query<{ month: string; movement: CreditMovement; source: GrantSource | null; amount: string }>(
    `SELECT to_char(occurred_at AT TIME ZONE $2, 'YYYY-MM') AS month, movement, source, sum(amount)::text AS amount
     FROM billing.report_credit_movements
     WHERE location_id = $1
       AND occurred_at < ($3::timestamp + interval '1 day') AT TIME ZONE 'UTC'
       AND occurred_at AT TIME ZONE $2 < $3::timestamp
     GROUP BY 1, 2, 3`,
    [locationId, timezone, `${end}-01`],
  );
  return result.rows.map((row) => ({ month: row.month, movement: row.movement, source: row.source, amount: BigInt(row.amount) }));
}
