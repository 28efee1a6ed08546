import type { MigrationInterface, QueryRunner } from 'typeorm';

/** CreditsExpiringSoon moved to the ledger, which knows what is left in a wallet: membership no longer records warnings. */
export class MembershipDropExpiryWarnings1764000000000 implements MigrationInterface {
  name = 'MembershipDropExpiryWarnings1764000000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE membership.plan_periods DROP COLUMN warned_at`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE membership.plan_periods ADD COLUMN warned_at timestamptz`);
  }
}
