import type { CompanyFactsView, MemberFactsResponse, PlanTerms } from '@credits/contracts/http';
import { mayUseCorporateCard } from '@credits/membership-domain';
import type { Pool, PoolClient } from 'pg';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface FactsRow {
  currency: string;
  timezone: string;
  credits_enabled: boolean;
  discount_applies_to_credits: boolean;
  role: 'member' | 'admin' | null;
  plan: PlanTerms | null;
  company: (Omit<CompanyFactsView, 'mayUseCorporateCard'> & { corporateCard: boolean }) | null;
}

/** The plan a holder is on now, as JSON, or null; `$1` is the location. */
const planOf = (holderType: string, holderId: string) => `(
  SELECT json_build_object('planId', p.id, 'creditOptionDiscountPercent', p.credit_option_discount_percent,
                           'resourceDiscountPercent', p.resource_discount_percent, 'billPaymentEnabled', p.bill_payment_enabled)
  FROM membership.plan_assignments a JOIN membership.plans p ON p.id = a.plan_id
  WHERE a.location_id = $1 AND a.holder_type = ${holderType} AND a.holder_id = ${holderId} AND a.status = 'active')`;

const FACTS_SQL = `
  SELECT l.currency, l.timezone, l.credits_enabled, l.discount_applies_to_credits,
         (SELECT m.role FROM membership.members m WHERE m.location_id = l.id AND m.user_id = $2 AND m.status = 'active') AS role,
         ${planOf(`'user'`, '$2')} AS plan,
         CASE WHEN $4 THEN (
           SELECT json_build_object('exists', true, 'archived', c.status = 'archived', 'isMember', cm.user_id IS NOT NULL,
                                    'isManager', coalesce(cm.is_manager, false),
                                    'corporateCard', coalesce(cm.corporate_card, false),
                                    'plan', ${planOf(`'company'`, 'c.id::text')})
           FROM membership.companies c
           LEFT JOIN membership.company_members cm ON cm.company_id = c.id AND cm.user_id = $2 AND cm.active
           WHERE c.id = $3::uuid AND c.location_id = l.id) END AS company
  FROM membership.locations l WHERE l.id = $1`;

const NO_COMPANY: CompanyFactsView = { exists: false, archived: false, isMember: false, isManager: false, mayUseCorporateCard: false, plan: null };

/**
 * Everything a service decides a member's purchase or booking on, in one statement: the location's
 * settings, the user's role and plan, and their place in a company (removing a member also ends
 * their company memberships, so a removed member is no member of any company).
 */
export async function readMemberFacts(db: Pool | PoolClient, locationId: string, userId: string, companyId?: string): Promise<MemberFactsResponse> {
  const none: MemberFactsResponse = {
    locationExists: false,
    currency: '',
    timezone: '',
    creditsEnabled: false,
    discountAppliesToCredits: false,
    member: null,
    plan: null,
    ...(companyId === undefined ? {} : { company: NO_COMPANY }),
  };
  if (!UUID.test(locationId)) return none;
  const validCompany = companyId !== undefined && UUID.test(companyId);
  const result = await db.query<FactsRow>(FACTS_SQL, [locationId, userId, validCompany ? companyId : null, validCompany]);
  const row = result.rows[0];
  if (!row) return none;
  return {
    locationExists: true,
    currency: row.currency,
    timezone: row.timezone,
    creditsEnabled: row.credits_enabled,
    discountAppliesToCredits: row.discount_applies_to_credits,
    member: row.role === null ? null : { role: row.role },
    plan: row.plan,
    ...(companyId === undefined ? {} : { company: companyFacts(row.company) }),
  };
}

function companyFacts(company: FactsRow['company']): CompanyFactsView {
  if (!company) return NO_COMPANY;
  const { corporateCard, ...facts } = company;
  return { ...facts, mayUseCorporateCard: mayUseCorporateCard(facts.isManager, corporateCard) };
}
