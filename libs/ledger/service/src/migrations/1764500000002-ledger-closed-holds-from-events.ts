import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Wallet rows keep open holds only (snapshotOf): every booking's hold stayed in its wallet's row
 * once captured or released, so the row grew with each booking. A command naming a hold the row
 * does not hold reads its events, found by these indexes; the first also refuses a hold id used
 * twice in a wallet when a batch is decided from remembered rows.
 */
export class LedgerClosedHoldsFromEvents1764500000002 implements MigrationInterface {
  name = 'LedgerClosedHoldsFromEvents1764500000002';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE UNIQUE INDEX events_held_once ON ledger.events (stream_id, (data->>'holdId')) WHERE type = 'CreditsHeld'`);
    await runner.query(`CREATE INDEX events_hold_ends ON ledger.events (stream_id, (data->>'holdId')) WHERE type IN ('CreditsHoldCaptured', 'CreditsHoldReleased')`);
    await runner.query(`CREATE INDEX events_hold_refunds ON ledger.events (stream_id, (data->>'holdId')) WHERE type = 'CreditsRefunded'`);
    await runner.query(`UPDATE ledger.wallets w SET state = jsonb_set(w.state::jsonb, '{holds}', open.holds)::json
      FROM (SELECT wallet_id, coalesce((SELECT jsonb_object_agg(key, value) FROM jsonb_each(state::jsonb -> 'holds') WHERE value ->> 'status' = 'open'), '{}') AS holds
            FROM ledger.wallets) AS open
      WHERE w.wallet_id = open.wallet_id`);
  }

  async down(runner: QueryRunner): Promise<void> {
    // The rows stay without their closed holds: after going back, `npm run ledger:rebuild -- --swap`
    // (of that version) folds them in again from the events.
    await runner.query(`DROP INDEX ledger.events_hold_refunds`);
    await runner.query(`DROP INDEX ledger.events_hold_ends`);
    await runner.query(`DROP INDEX ledger.events_held_once`);
  }
}
