import type { EventEnvelope, MembershipEvent, WalletOwner } from '@credits/contracts';
import type { Pool, PoolClient } from 'pg';
import type { FactsRow } from '../access/wallet-access';

/**
 * The ledger's membership projection (ledger.locations, members, companies, company_members): written
 * from membership events (membership-projection.consumer.ts), read by access checks.
 */


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
  const result = await db.query<{ facts: FactsRow[] }>({ name: 'ledger-wallet-facts', text: ONE_WALLET_FACTS_SQL, values: locationFactsParams([{ owner, callerId }]) });
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

/**
 * Keeps the ledger's copy of what it needs from membership: locations (currency, credits on/off),
 * who is an active member or admin, which companies exist and who belongs to or manages them.
 * Other event types are ignored (other consumers' business).
 */
export async function applyMembershipEvent(client: PoolClient, envelope: EventEnvelope): Promise<void> {
  const event = { type: envelope.type, version: envelope.version, data: envelope.data } as MembershipEvent;
  switch (event.type) {
    case 'LocationCreated':
      await client.query(
        `INSERT INTO ledger.locations (location_id, currency, credits_enabled) VALUES ($1, $2, $3)
         ON CONFLICT (location_id) DO NOTHING`,
        [event.data.locationId, event.data.currency, event.data.creditsEnabled],
      );
      return;
    case 'LocationSettingsChanged':
      await client.query(`UPDATE ledger.locations SET credits_enabled = $2 WHERE location_id = $1`, [
        event.data.locationId,
        event.data.creditsEnabled,
      ]);
      return;
    case 'MemberInvited':
    case 'MemberRoleChanged':
      await client.query(
        `INSERT INTO ledger.members (location_id, user_id, role, active) VALUES ($1, $2, $3, true)
         ON CONFLICT (location_id, user_id) DO UPDATE SET role = EXCLUDED.role, active = true`,
        [event.data.locationId, event.data.userId, event.data.role],
      );
      return;
    case 'MemberRemoved':
      await client.query(`UPDATE ledger.members SET active = false WHERE location_id = $1 AND user_id = $2`, [
        event.data.locationId,
        event.data.userId,
      ]);
      return;
    case 'CompanyCreated':
      await client.query(
        `INSERT INTO ledger.companies (location_id, company_id, active) VALUES ($1, $2, true) ON CONFLICT (location_id, company_id) DO NOTHING`,
        [event.data.locationId, event.data.companyId],
      );
      return;
    case 'CompanyArchived':
      await client.query(`UPDATE ledger.companies SET active = false WHERE location_id = $1 AND company_id = $2`, [event.data.locationId, event.data.companyId]);
      return;
    case 'CompanyMemberAdded':
    case 'CompanyMemberRemoved':
    case 'CompanyManagerAppointed':
    case 'CompanyManagerRemoved': {
      // Removal ends the manager role too; appointing a manager requires membership (added first).
      const active = event.type !== 'CompanyMemberRemoved';
      const manager = event.type === 'CompanyManagerAppointed';
      await client.query(
        `INSERT INTO ledger.company_members (location_id, company_id, user_id, is_manager, active) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (location_id, company_id, user_id) DO UPDATE SET active = EXCLUDED.active,
           is_manager = CASE WHEN $6 THEN EXCLUDED.is_manager ELSE ledger.company_members.is_manager AND EXCLUDED.active END`,
        [event.data.locationId, event.data.companyId, event.data.userId, manager, active, event.type.startsWith('CompanyManager')],
      );
      return;
    }
    default:
      return;
  }
}
