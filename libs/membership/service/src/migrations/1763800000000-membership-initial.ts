import { checkpointsDdl } from '@credits/event-store';
import { outboxDdl } from '@credits/messaging';
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class MembershipInitial1763800000000 implements MigrationInterface {
  name = 'MembershipInitial1763800000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE membership.locations (
      id uuid PRIMARY KEY,
      name text NOT NULL,
      currency char(3) NOT NULL,
      timezone text NOT NULL,
      credits_enabled boolean NOT NULL DEFAULT false,
      discount_applies_to_credits boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL
    )`);
    await runner.query(`CREATE TABLE membership.members (
      location_id uuid NOT NULL REFERENCES membership.locations(id),
      user_id text NOT NULL,
      role text NOT NULL CHECK (role IN ('member', 'admin')),
      status text NOT NULL CHECK (status IN ('active', 'removed')),
      joined_at timestamptz NOT NULL,
      removed_at timestamptz,
      PRIMARY KEY (location_id, user_id)
    )`);
    for (const sql of [...outboxDdl('membership'), ...checkpointsDdl('membership')]) await runner.query(sql);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of ['checkpoints', 'outbox', 'members', 'locations']) await runner.query(`DROP TABLE membership.${table}`);
  }
}
