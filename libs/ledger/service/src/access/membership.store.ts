import type { WalletOwner } from '@credits/contracts';
import type { Pool, PoolClient } from 'pg';
import type { FactsRow } from './wallet-access';

/** Reads of the ledger's membership projection (written by membership-projection.ts) for access checks. */

/**
 * The facts for many (location, caller, owner type, owner id) at once, given as four text arrays in
 * the parameters named by `params`, as one JSON array in their order: grants and spends of a batch
 * are checked with one statement.
 */
export function locationFactsSql(params: readonly [string, string, string, string]): string {
  const [locations, callers, ownerTypes, ownerIds] = params;
  return `
    SELECT coalesce(json_agg(CASE WHEN l.location_id IS NULL THEN NULL ELSE json_build_object(
             'currency', l.currency, 'credits_enabled', l.credits_enabled,
             'caller_role', (SELECT role FROM ledger.members WHERE location_id = l.location_id AND user_id = k.caller AND active),
             'caller_left', EXISTS (SELECT 1 FROM ledger.members WHERE location_id = l.location_id AND user_id = k.caller AND NOT active),
             'owner_is_active', CASE WHEN k.owner_type = 'user'
               THEN EXISTS (SELECT 1 FROM ledger.members WHERE location_id = l.location_id AND user_id = k.owner_id AND active)
               ELSE EXISTS (SELECT 1 FROM ledger.companies WHERE location_id = l.location_id AND company_id = k.owner_id AND active) END,
             'owner_exists', CASE WHEN k.owner_type = 'user'
               THEN EXISTS (SELECT 1 FROM ledger.members WHERE location_id = l.location_id AND user_id = k.owner_id)
               ELSE EXISTS (SELECT 1 FROM ledger.companies WHERE location_id = l.location_id AND company_id = k.owner_id) END,
             'caller_in_company', k.owner_type = 'company' AND EXISTS (SELECT 1 FROM ledger.company_members
               WHERE location_id = l.location_id AND company_id = k.owner_id AND user_id = k.caller AND active)) END ORDER BY k.n), '[]')
    FROM unnest(${locations}::text[], ${callers}::text[], ${ownerTypes}::text[], ${ownerIds}::text[]) WITH ORDINALITY AS k(location_id, caller, owner_type, owner_id, n)
    LEFT JOIN ledger.locations l ON l.location_id = k.location_id`;
}

/** The parameters of locationFactsSql for these wallets and callers (null: a service, not a person). */
export function locationFactsParams(checks: readonly { owner: WalletOwner; callerId: string | null }[]): string[][] {
  return [
    checks.map(({ owner }) => owner.locationId),
    checks.map(({ callerId }) => callerId ?? ''),
    checks.map(({ owner }) => owner.ownerType),
    checks.map(({ owner }) => owner.ownerId),
  ];
}

const ONE_WALLET_FACTS_SQL = `SELECT (${locationFactsSql(['$1', '$2', '$3', '$4'])}) AS facts`;

/** The facts of one wallet for one caller (null: a service). */
export async function walletFacts(db: Pool | PoolClient, owner: WalletOwner, callerId: string | null): Promise<FactsRow> {
  const result = await db.query<{ facts: FactsRow[] }>(ONE_WALLET_FACTS_SQL, locationFactsParams([{ owner, callerId }]));
  return result.rows[0].facts[0];
}

/** A location's currency and what the caller is there; null when the location does not exist. */
export async function locationCaller(
  db: Pool | PoolClient,
  locationId: string,
  callerId: string,
): Promise<{ currency: string; caller_role: 'member' | 'admin' | null; caller_left: boolean } | null> {
  const result = await db.query<{ currency: string; caller_role: 'member' | 'admin' | null; caller_left: boolean }>(
    `SELECT l.currency,
            (SELECT role FROM ledger.members m WHERE m.location_id = l.location_id AND m.user_id = $2 AND m.active) AS caller_role,
            EXISTS (SELECT 1 FROM ledger.members m WHERE m.location_id = l.location_id AND m.user_id = $2 AND NOT m.active) AS caller_left
     FROM ledger.locations l WHERE l.location_id = $1`,
    [locationId, callerId],
  );
  return result.rows[0] ?? null;
}
