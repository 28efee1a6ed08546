import type { MigrationInterface, QueryRunner } from 'typeorm';

/** `GET /v1/me` looks a user up across locations and companies: by user id, not by location or company first. */
export class MembershipUserLookups1764150000000 implements MigrationInterface {
  name = 'MembershipUserLookups1764150000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE INDEX members_active_user ON membership.members (user_id) WHERE status = 'active'`);
    await runner.query(`CREATE INDEX company_members_active_user ON membership.company_members (user_id) WHERE active`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX membership.company_members_active_user`);
    await runner.query(`DROP INDEX membership.members_active_user`);
  }
}
