import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A change that records nothing names the location's last event, so the gateway can wait for it (read-your-writes on a repeat). */
export class MembershipOutboxByLocation1764300000000 implements MigrationInterface {
  name = 'MembershipOutboxByLocation1764300000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE INDEX outbox_by_key ON membership.outbox ((envelope->>'key'), id)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX membership.outbox_by_key`);
  }
}
