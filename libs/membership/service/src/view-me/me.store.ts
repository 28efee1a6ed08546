import type { MeResponse, MyLocationView } from '@credits/contracts/http';
import { mayUseCorporateCard } from '@credits/membership-domain';
import type { RequestActor } from '@credits/platform';
import type { Pool } from 'pg';

interface MembershipRow {
  location_id: string;
  name: string;
  role: MyLocationView['role'];
  companies: Array<{ companyId: string; name: string; status: 'active' | 'archived'; isManager: boolean; corporateCard: boolean }>;
}

// One statement, so the answer is one snapshot: a location and its companies as they stand together.
const ME_SQL = `
  SELECT l.id AS location_id, l.name, m.role,
         coalesce(json_agg(json_build_object('companyId', c.id, 'name', c.name, 'status', c.status,
                                             'isManager', cm.is_manager, 'corporateCard', cm.corporate_card)
                           ORDER BY c.name, c.id) FILTER (WHERE c.id IS NOT NULL), '[]') AS companies
  FROM membership.members m
  JOIN membership.locations l ON l.id = m.location_id
  LEFT JOIN (membership.company_members cm JOIN membership.companies c ON c.id = cm.company_id)
    ON cm.user_id = m.user_id AND cm.active AND c.location_id = m.location_id
  WHERE m.user_id = $1 AND m.status = 'active'
  GROUP BY l.id, l.name, m.role
  ORDER BY l.name, l.id`;

/**
 * The caller's active memberships with their companies, read from membership's own tables, so a
 * member added a moment ago sees the location at once. User ids are compared exactly, as the
 * identity provider wrote them.
 */
export async function readMe(db: Pool, actor: RequestActor): Promise<MeResponse> {
  const result = await db.query<MembershipRow>(ME_SQL, [actor.userId]);
  return {
    userId: actor.userId,
    isOperator: actor.isOperator,
    locations: result.rows.map((row) => ({
      locationId: row.location_id,
      name: row.name,
      role: row.role,
      companies: row.companies.map((company) => ({
        companyId: company.companyId,
        name: company.name,
        status: company.status,
        isManager: company.isManager,
        mayUseCorporateCard: mayUseCorporateCard(company.isManager, company.corporateCard),
      })),
    })),
  };
}
