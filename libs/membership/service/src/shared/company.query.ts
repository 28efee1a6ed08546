import type { CompanyResponse } from '@credits/contracts/http';
import { mayUseCorporateCard, type CompanyRole } from '@credits/membership-domain';
import { Problems } from '@credits/platform/core';
import type { Pool, PoolClient } from 'pg';

export interface CompanyFacts {
  readonly companyId: string;
  readonly status: 'active' | 'archived';
  /** the caller's role in this company */
  readonly callerRole: CompanyRole;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A company of the location and the caller's place in it; 404 when there is no such company there. */
export async function loadCompany(db: Pool | PoolClient, locationId: string, companyId: string, userId: string): Promise<CompanyFacts> {
  const result = UUID.test(companyId)
    ? await db.query<{ status: 'active' | 'archived'; is_manager: boolean | null }>(
        `SELECT c.status, cm.is_manager FROM membership.companies c
         LEFT JOIN membership.company_members cm ON cm.company_id = c.id AND cm.user_id = $3 AND cm.active
         WHERE c.id = $2 AND c.location_id = $1`,
        [locationId, companyId, userId],
      )
    : { rows: [] };
  const row = result.rows[0];
  if (!row) throw Problems.notFound(`company ${companyId} does not exist`);
  return { companyId, status: row.status, callerRole: row.is_manager === null ? null : row.is_manager ? 'manager' : 'member' };
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

/** Whether a user is an active member of the location (who may join companies and hold plans). */
export async function isActiveMember(db: Pool | PoolClient, locationId: string, userId: string): Promise<boolean> {
  const result = await db.query(`SELECT 1 FROM membership.members WHERE location_id = $1 AND user_id = $2 AND status = 'active'`, [locationId, userId]);
  return result.rowCount === 1;
}
