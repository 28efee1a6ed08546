import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Wallet rows keep the expiry notices of the expiring lots they keep (snapshotOf): the key of every
 * plan period a wallet was warned of stayed in its row, so the row grew with the wallet's age. A
 * grant of a lot that would carry a key the row lacks reads that key's notice, found by this index
 * (its expression is the domain's expiryWarningKey). Rows drop their other keys with their next write.
 */
export class LedgerExpiryNoticesFromEvents1764700000001 implements MigrationInterface {
  name = 'LedgerExpiryNoticesFromEvents1764700000001';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE INDEX events_expiry_notices ON ledger.events (stream_id, (CASE WHEN data->>'planPeriodId' IS NOT NULL
      THEN 'period:' || (data->>'planPeriodId') ELSE 'expires:' || (data->>'expiresAt') END)) WHERE type = 'CreditsExpiringSoon'`);
  }

  async down(runner: QueryRunner): Promise<void> {
    // Rows without a notice key stay so: after going back, `npm run ledger:rebuild -- --swap` (of
    // that version) folds them in again from the events.
    await runner.query(`DROP INDEX ledger.events_expiry_notices`);
  }
}
