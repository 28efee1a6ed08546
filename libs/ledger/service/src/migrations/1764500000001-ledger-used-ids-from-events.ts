import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Wallet rows no longer keep the ids of every deduction and refund (snapshotOf), which made each
 * row, and each command's write of it, grow with the wallet's history: a command naming such an id
 * reads whether an event used it, found by these indexes, which also refuse the same id twice in a
 * wallet when a batch is decided from remembered rows.
 */
export class LedgerUsedIdsFromEvents1764500000001 implements MigrationInterface {
  name = 'LedgerUsedIdsFromEvents1764500000001';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE UNIQUE INDEX events_deducted_once ON ledger.events (stream_id, (data->>'deductionId')) WHERE type = 'CreditsDeducted'`);
    await runner.query(`CREATE UNIQUE INDEX events_refunded_once ON ledger.events (stream_id, (data->>'refundId')) WHERE type = 'CreditsRefunded'`);
    await runner.query(`UPDATE ledger.wallets SET state = (state::jsonb || '{"deductionIds": [], "refundIds": []}')::json`);
  }

  async down(runner: QueryRunner): Promise<void> {
    // The rows stay without those ids: after going back, `npm run ledger:rebuild -- --swap` (of that
    // version) folds them in again from the events.
    await runner.query(`DROP INDEX ledger.events_refunded_once`);
    await runner.query(`DROP INDEX ledger.events_deducted_once`);
  }
}
