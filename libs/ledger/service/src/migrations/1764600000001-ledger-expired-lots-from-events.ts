import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Wallet rows keep live lots only (snapshotOf): every expired lot (a plan period's credits, each
 * month) stayed in its wallet's row, so the row grew with the wallet's age. A grant naming a lot
 * the row lacks reads that lot's grant, found by this index, which also refuses a lot id used twice
 * in a wallet when a batch is decided from remembered rows. An expired lot an open hold reserved
 * from stays until the hold closes.
 */
export class LedgerExpiredLotsFromEvents1764600000001 implements MigrationInterface {
  name = 'LedgerExpiredLotsFromEvents1764600000001';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE UNIQUE INDEX events_granted_once ON ledger.events (stream_id, (data->>'lotId')) WHERE type = 'CreditsGranted'`);
    await runner.query(`UPDATE ledger.wallets w SET state = jsonb_set(w.state::jsonb, '{lots}', kept.lots)::json
      FROM (SELECT wallet_id, coalesce((SELECT jsonb_agg(l.lot ORDER BY l.n) FROM jsonb_array_elements(state::jsonb -> 'lots') WITH ORDINALITY AS l(lot, n)
                                         WHERE l.lot ->> 'expiredAt' IS NULL
                                            OR l.lot ->> 'lotId' IN (SELECT r ->> 'lotId' FROM jsonb_each(state::jsonb -> 'holds') AS h,
                                                                       jsonb_array_elements(h.value -> 'reservations') AS r
                                                                     WHERE h.value ->> 'status' = 'open')), '[]') AS lots
            FROM ledger.wallets) AS kept
      WHERE w.wallet_id = kept.wallet_id`);
  }

  async down(runner: QueryRunner): Promise<void> {
    // The rows stay without their expired lots: after going back, `npm run ledger:rebuild -- --swap`
    // (of that version) folds them in again from the events.
    await runner.query(`DROP INDEX ledger.events_granted_once`);
  }
}
