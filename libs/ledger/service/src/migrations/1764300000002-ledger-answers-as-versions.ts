import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A stored answer to a command that succeeded keeps the events it appended (body {eventIds}) and
 * the wallet version it left (wallet_version), and a retry rebuilds its response from the stream,
 * instead of storing the wallet's whole balance again with every command. Answers stored before
 * (wallet_version null) keep their whole response.
 */
export class LedgerAnswersAsVersions1764300000002 implements MigrationInterface {
  name = 'LedgerAnswersAsVersions1764300000002';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE ledger.idempotency ADD COLUMN wallet_version integer`);
  }

  async down(runner: QueryRunner): Promise<void> {
    // Answers stored as versions then replay as their event ids alone: a poorer response, but a
    // retry still changes nothing (deleting them would let it run twice).
    await runner.query(`ALTER TABLE ledger.idempotency DROP COLUMN wallet_version`);
  }
}
