import type { CompanyResponse } from '@credits/contracts/http';
import { mayUseCorporateCard, type CompanyMembership, type CompanyState } from '@credits/membership-domain';
import { Problems } from '@credits/platform/core';
import type { Pool, PoolClient } from 'pg';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A company of the location and the caller's place in it; 404 when there is no such company there. */
export async function loadCompany(db: Pool | PoolClient, locationId: string, companyId: string, userId: string): Promise<CompanyState> {
  const result = UUID.test(companyId)
    ? await db.query<{ name: string; status: 'active' | 'archived'; is_manager: boolean | null }>(
        `SELECT c.name, c.status, cm.is_manager FROM membership.companies c
         LEFT JOIN membership.company_members cm ON cm.company_id = c.id AND cm.user_id = $3 AND cm.active
         WHERE c.id = $2 AND c.location_id = $1`,
        [locationId, companyId, userId],
      )
    : { rows: [] };
  const row = result.rows[0];
  if (!row) throw Problems.notFound(`company ${companyId} does not exist`);
  return { companyId, name: row.name, archived: row.status === 'archived', callerRole: row.is_manager === null ? null : row.is_manager ? 'manager' : 'member' };
}

export async function insertCompany(client: PoolClient, locationId: string, company: { companyId: string; name: string }, now: Date): Promise<void> {
  await client.query(`INSERT INTO membership.companies (id, location_id, name, status, created_at) VALUES ($1, $2, $3, 'active', $4)`, [
    company.companyId,
    locationId,
    company.name,
    now,
  ]);
}

export async function saveCompany(client: PoolClient, company: CompanyState): Promise<void> {
  await client.query(`UPDATE membership.companies SET name = $2, status = $3 WHERE id = $1`, [company.companyId, company.name, company.archived ? 'archived' : 'active']);
}

/** The user's membership in the company, active or not, row-locked; null when they never belonged. */
export async function lockCompanyMembership(client: PoolClient, companyId: string, userId: string): Promise<CompanyMembership | null> {
  const result = await client.query<{ active: boolean; is_manager: boolean; corporate_card: boolean }>(
    `SELECT active, is_manager, corporate_card FROM membership.company_members WHERE company_id = $1 AND user_id = $2 FOR UPDATE`,
    [companyId, userId],
  );
  const row = result.rows[0];
  return row ? { active: row.active, isManager: row.is_manager, corporateCard: row.corporate_card } : null;
}

export async function saveCompanyMembership(client: PoolClient, companyId: string, userId: string, membership: CompanyMembership): Promise<void> {
  await client.query(
    `INSERT INTO membership.company_members (company_id, user_id, active, is_manager, corporate_card) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (company_id, user_id) DO UPDATE SET active = EXCLUDED.active, is_manager = EXCLUDED.is_manager, corporate_card = EXCLUDED.corporate_card`,
    [companyId, userId, membership.active, membership.isManager, membership.corporateCard],
  );
}

/** A member leaving the location leaves its companies (roles and card included); returns their ids. */
export async function leaveCompanies(client: PoolClient, locationId: string, userId: string): Promise<string[]> {
  const result = await client.query<{ company_id: string }>(
    `UPDATE membership.company_members cm SET active = false, is_manager = false, corporate_card = false
     FROM membership.companies c WHERE c.id = cm.company_id AND c.location_id = $1 AND cm.user_id = $2 AND cm.active RETURNING cm.company_id`,
    [locationId, userId],
  );
  return result.rows.map((row) => row.company_id);
}

/** Whether the id names an active company of the location (one that may hold a plan). */
export async function isActiveCompany(db: Pool | PoolClient, locationId: string, companyId: string): Promise<boolean> {
  const result = await db.query(`SELECT 1 FROM membership.companies WHERE location_id = $1 AND id::text = $2 AND status = 'active'`, [locationId, companyId]);
  return result.rowCount === 1;
}

/** The companies of the location by name: all of them, or those the user is an active member of. */
export async function listCompanyIds(db: Pool | PoolClient, locationId: string, filter: { all: true } | { memberId: string }): Promise<string[]> {
  const result = await db.query<{ id: string }>(
    `SELECT c.id FROM membership.companies c WHERE c.location_id = $1
       AND ($2 OR EXISTS (SELECT 1 FROM membership.company_members cm WHERE cm.company_id = c.id AND cm.user_id = $3 AND cm.active))
     ORDER BY c.name, c.id`,
    [locationId, 'all' in filter, 'memberId' in filter ? filter.memberId : null],
  );
  return result.rows.map((row) => row.id);
}

export async function readCompany(db: Pool | PoolClient, companyId: string): Promise<CompanyResponse> {
  const company = await db.query<{ id: string; location_id: string; name: string; status: string }>(
    `SELECT id, location_id, name, status FROM membership.companies WHERE id = $1`,
    [companyId],
  );
  const members = await db.query<{ user_id: string; is_manager: boolean; corporate_card: boolean }>(
    `SELECT user_id, is_manager, corporate_card FROM membership.company_members WHERE company_id = $1 AND active ORDER BY user_id`,
    [companyId],
  );
  const row = company.rows[0];
  return {
    id: row.id,
    locationId: row.location_id,
    name: row.name,
    status: row.status,
    members: members.rows.map((m) => ({ userId: m.user_id, manager: m.is_manager, corporateCard: mayUseCorporateCard(m.is_manager, m.corporate_card) })),
  };
}
