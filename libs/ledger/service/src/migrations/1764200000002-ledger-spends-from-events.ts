import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Wallet rows no longer keep every spend (snapshotOf): a command naming a spend reads that spend's
 * events, found by this index, so the rows stop growing with each spend of the wallet's history.
 */
export class LedgerSpendsFromEvents1764200000002 implements MigrationInterface {
  name = 'LedgerSpendsFromEvents1764200000002';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE INDEX events_spend ON ledger.events (stream_id, (data->>'spendId'))
      WHERE type IN ('CreditsSpent', 'CreditsRefunded')`);
    await runner.query(`UPDATE ledger.wallets SET state = jsonb_set(state::jsonb, '{spends}', '{}')::json`);
  }

  async down(runner: QueryRunner): Promise<void> {
    // The rows stay without their spends: after going back, `npm run ledger:rebuild -- --swap` (of
    // that version) folds them in again from the events.
    await runner.query(`DROP INDEX ledger.events_spend`);
  }
}
