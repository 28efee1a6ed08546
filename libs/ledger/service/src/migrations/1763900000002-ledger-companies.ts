import type { MigrationInterface, QueryRunner } from 'typeorm';

/** What the ledger knows of companies (from membership events): which exist, and who belongs to them. */
export class LedgerCompanies1763900000002 implements MigrationInterface {
  name = 'LedgerCompanies1763900000002';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE ledger.companies (
      location_id text NOT NULL,
      company_id text NOT NULL,
      active boolean NOT NULL,
      PRIMARY KEY (location_id, company_id)
    )`);
    await runner.query(`CREATE TABLE ledger.company_members (
      location_id text NOT NULL,
      company_id text NOT NULL,
      user_id text NOT NULL,
      is_manager boolean NOT NULL,
      active boolean NOT NULL,
      PRIMARY KEY (location_id, company_id, user_id)
    )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of ['company_members', 'companies']) await runner.query(`DROP TABLE ledger.${table}`);
  }
}
