import type { MigrationInterface, QueryRunner } from 'typeorm';

export class MembershipCompaniesPlans1763900000000 implements MigrationInterface {
  name = 'MembershipCompaniesPlans1763900000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE membership.companies (
      id uuid PRIMARY KEY,
      location_id uuid NOT NULL REFERENCES membership.locations(id),
      name text NOT NULL,
      status text NOT NULL CHECK (status IN ('active', 'archived')),
      created_at timestamptz NOT NULL
    )`);
    await runner.query(`CREATE INDEX companies_location ON membership.companies (location_id)`);
    await runner.query(`CREATE TABLE membership.company_members (
      company_id uuid NOT NULL REFERENCES membership.companies(id),
      user_id text NOT NULL,
      is_manager boolean NOT NULL DEFAULT false,
      corporate_card boolean NOT NULL DEFAULT false,
      active boolean NOT NULL,
      PRIMARY KEY (company_id, user_id)
    )`);
    await runner.query(`CREATE TABLE membership.plans (
      id uuid PRIMARY KEY,
      location_id uuid NOT NULL REFERENCES membership.locations(id),
      name text NOT NULL,
      price_amount bigint NOT NULL,
      price_currency char(3) NOT NULL,
      period_unit text NOT NULL CHECK (period_unit IN ('day', 'week', 'month')),
      period_count integer NOT NULL CHECK (period_count > 0),
      allowance bigint NOT NULL CHECK (allowance >= 0),
      resource_discount_percent integer NOT NULL,
      credit_option_discount_percent integer NOT NULL,
      bill_payment_enabled boolean NOT NULL,
      rollover_mode text NOT NULL CHECK (rollover_mode IN ('none', 'credits', 'percent')),
      rollover_value bigint NOT NULL,
      status text NOT NULL CHECK (status IN ('active', 'archived')),
      created_at timestamptz NOT NULL
    )`);
    await runner.query(`CREATE TABLE membership.plan_assignments (
      id uuid PRIMARY KEY,
      location_id uuid NOT NULL REFERENCES membership.locations(id),
      holder_type text NOT NULL CHECK (holder_type IN ('user', 'company')),
      holder_id text NOT NULL,
      plan_id uuid NOT NULL REFERENCES membership.plans(id),
      pending_plan_id uuid REFERENCES membership.plans(id),
      cancel_at_period_end boolean NOT NULL DEFAULT false,
      status text NOT NULL CHECK (status IN ('active', 'ended')),
      created_at timestamptz NOT NULL,
      ended_at timestamptz
    )`);
    // One running plan per holder.
    await runner.query(
      `CREATE UNIQUE INDEX plan_assignments_one_active ON membership.plan_assignments (location_id, holder_type, holder_id) WHERE status = 'active'`,
    );
    // A period keeps the plan terms it started with (edits apply from the next period).
    await runner.query(`CREATE TABLE membership.plan_periods (
      id uuid PRIMARY KEY,
      assignment_id uuid NOT NULL REFERENCES membership.plan_assignments(id),
      location_id uuid NOT NULL,
      plan_id uuid NOT NULL,
      previous_period_id uuid,
      anchor_at timestamptz NOT NULL,
      index integer NOT NULL,
      starts_at timestamptz NOT NULL,
      ends_at timestamptz NOT NULL,
      period_unit text NOT NULL,
      period_count integer NOT NULL,
      allowance bigint NOT NULL,
      rollover_mode text NOT NULL,
      rollover_value bigint NOT NULL,
      status text NOT NULL CHECK (status IN ('current', 'ended')),
      ended_at timestamptz,
      warned_at timestamptz
    )`);
    await runner.query(`CREATE UNIQUE INDEX plan_periods_one_current ON membership.plan_periods (assignment_id) WHERE status = 'current'`);
    await runner.query(`CREATE INDEX plan_periods_due ON membership.plan_periods (ends_at) WHERE status = 'current'`);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of ['plan_periods', 'plan_assignments', 'plans', 'company_members', 'companies']) await runner.query(`DROP TABLE membership.${table}`);
  }
}
