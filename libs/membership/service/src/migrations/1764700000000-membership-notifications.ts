import { inboxDdl } from '@credits/messaging';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notifications per recipient (R14), numbered 1, 2, 3, ... per recipient in commit order, so a
 * stream resumes after the last one it saw; the inbox makes consuming the ledger's events idempotent.
 */
export class MembershipNotifications1764700000000 implements MigrationInterface {
  name = 'MembershipNotifications1764700000000';

  async up(runner: QueryRunner): Promise<void> {
    for (const sql of inboxDdl('membership')) await runner.query(sql);
    await runner.query(`CREATE TABLE membership.notifications (
      recipient_id text NOT NULL,
      sequence bigint NOT NULL,
      kind text NOT NULL,
      location_id text NOT NULL,
      wallet_owner_type text NOT NULL,
      wallet_owner_id text NOT NULL,
      amount bigint NOT NULL,
      source text NOT NULL,
      purchase_id text,
      occurred_at timestamptz NOT NULL,
      event_id uuid NOT NULL,
      PRIMARY KEY (recipient_id, sequence)
    )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE membership.notifications`);
    await runner.query(`DROP TABLE membership.inbox`);
  }
}
