import type { LocationResponse } from '@credits/contracts/http';
import type { Pool, PoolClient } from 'pg';

export async function readLocation(db: Pool | PoolClient, locationId: string): Promise<LocationResponse | null> {
  const result = await db.query<LocationResponse>(
    `SELECT id, name, currency, timezone, credits_enabled AS "creditsEnabled",
            discount_applies_to_credits AS "discountAppliesToCredits"
     FROM membership.locations WHERE id = $1`,
    [locationId],
  );
  return result.rows[0] ?? null;
}
