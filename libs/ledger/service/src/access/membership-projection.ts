import type { EventEnvelope, MembershipEvent } from '@credits/contracts';
import type { PoolClient } from 'pg';

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
