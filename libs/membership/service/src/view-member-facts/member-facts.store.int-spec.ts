import { runMigrations } from '@credits/platform/core';
import { createTestDatabase } from '@credits/test-infra';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { membershipMigrations } from '../migrations';
import { MEMBERSHIP_SCHEMA } from '../shared/membership.tokens';
import { readMemberFacts } from './member-facts.store';

let pool: Pool;
const locationId = randomUUID();
const acme = randomUUID();
const flex = randomUUID();
const corporate = randomUUID();

async function insertPlan(id: string, creditOptionDiscountPercent: number, billPaymentEnabled: boolean): Promise<void> {
  await pool.query(
    `INSERT INTO membership.plans (id, location_id, name, price_amount, price_currency, period_unit, period_count, allowance,
       resource_discount_percent, credit_option_discount_percent, bill_payment_enabled, rollover_mode, rollover_value, status, created_at)
     VALUES ($1, $2, 'Plan', 10000, 'EUR', 'month', 1, 0, 10, $3, $4, 'none', 0, 'active', now())`,
    [id, locationId, creditOptionDiscountPercent, billPaymentEnabled],
  );
}

async function assign(holderType: 'user' | 'company', holderId: string, planId: string, status: 'active' | 'ended' = 'active'): Promise<void> {
  await pool.query(
    `INSERT INTO membership.plan_assignments (id, location_id, holder_type, holder_id, plan_id, status, created_at) VALUES ($1, $2, $3, $4, $5, $6, now())`,
    [randomUUID(), locationId, holderType, holderId, planId, status],
  );
}

beforeAll(async () => {
  const url = await createTestDatabase('member_facts');
  await runMigrations(url, MEMBERSHIP_SCHEMA, membershipMigrations);
  pool = new Pool({ connectionString: url, max: 2 });
  await pool.query(
    `INSERT INTO membership.locations (id, name, currency, timezone, credits_enabled, discount_applies_to_credits, created_at)
     VALUES ($1, 'Mitte', 'EUR', 'Europe/Berlin', true, false, now())`,
    [locationId],
  );
  await pool.query(
    `INSERT INTO membership.members (location_id, user_id, role, status, joined_at, removed_at) VALUES
       ($1, 'alice', 'admin', 'active', now(), NULL), ($1, 'bob', 'member', 'active', now(), NULL),
       ($1, 'carol', 'member', 'active', now(), NULL), ($1, 'dave', 'member', 'removed', now(), now())`,
    [locationId],
  );
  await pool.query(`INSERT INTO membership.companies (id, location_id, name, status, created_at) VALUES ($1, $2, 'Acme', 'active', now())`, [acme, locationId]);
  await pool.query(
    `INSERT INTO membership.company_members (company_id, user_id, is_manager, corporate_card, active) VALUES
       ($1, 'bob', true, false, true), ($1, 'carol', false, true, true), ($1, 'alice', false, false, true), ($1, 'dave', false, true, false)`,
    [acme],
  );
  await insertPlan(flex, 25, false);
  await insertPlan(corporate, 100, true);
  await assign('user', 'carol', corporate, 'ended');
  await assign('user', 'carol', flex);
  await assign('company', acme, corporate);
});

afterAll(async () => {
  await pool.end();
});

describe('member facts (internal query for billing, booking and payments)', () => {
  it('gives the location settings, the role and the current plan of a member', async () => {
    expect(await readMemberFacts(pool, locationId, 'carol')).toEqual({
      locationExists: true,
      currency: 'EUR',
      timezone: 'Europe/Berlin',
      creditsEnabled: true,
      discountAppliesToCredits: false,
      member: { role: 'member' },
      plan: { planId: flex, creditOptionDiscountPercent: 25, resourceDiscountPercent: 10, billPaymentEnabled: false },
    });
    expect(await readMemberFacts(pool, locationId, 'alice')).toMatchObject({ member: { role: 'admin' }, plan: null });
  });

  it('says a removed member and a stranger are no members', async () => {
    expect(await readMemberFacts(pool, locationId, 'dave', acme)).toMatchObject({
      member: null,
      company: { exists: true, isMember: false, isManager: false, mayUseCorporateCard: false },
    });
    expect((await readMemberFacts(pool, locationId, 'mallory')).member).toBeNull();
  });

  it('tells managers, corporate-card holders and plain company members apart, with the company plan', async () => {
    const companyPlan = { planId: corporate, creditOptionDiscountPercent: 100, resourceDiscountPercent: 10, billPaymentEnabled: true };
    expect((await readMemberFacts(pool, locationId, 'bob', acme)).company).toEqual({
      exists: true,
      archived: false,
      isMember: true,
      isManager: true,
      mayUseCorporateCard: true,
      plan: companyPlan,
    });
    expect((await readMemberFacts(pool, locationId, 'carol', acme)).company).toMatchObject({ isMember: true, isManager: false, mayUseCorporateCard: true });
    expect((await readMemberFacts(pool, locationId, 'alice', acme)).company).toMatchObject({ isMember: true, isManager: false, mayUseCorporateCard: false });
    await pool.query(`UPDATE membership.companies SET status = 'archived' WHERE id = $1`, [acme]);
    expect((await readMemberFacts(pool, locationId, 'bob', acme)).company).toMatchObject({ exists: true, archived: true });
    await pool.query(`UPDATE membership.companies SET status = 'active' WHERE id = $1`, [acme]);
  });

  it('answers unknown locations and companies as facts, whatever their ids look like', async () => {
    const noCompany = { exists: false, archived: false, isMember: false, isManager: false, mayUseCorporateCard: false, plan: null };
    expect(await readMemberFacts(pool, randomUUID(), 'bob')).toMatchObject({ locationExists: false, member: null });
    expect(await readMemberFacts(pool, 'not-a-uuid', 'bob', acme)).toMatchObject({ locationExists: false, company: noCompany });
    expect((await readMemberFacts(pool, locationId, 'bob', randomUUID())).company).toEqual(noCompany);
    expect((await readMemberFacts(pool, locationId, 'bob', 'x')).company).toEqual(noCompany);
    expect(await readMemberFacts(pool, locationId, 'bob')).not.toHaveProperty('company');
  });
});
