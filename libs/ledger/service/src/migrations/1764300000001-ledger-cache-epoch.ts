import type { MigrationInterface, QueryRunner } from 'typeorm';

const FACT_TABLES = ['locations', 'members', 'companies', 'company_members'];

/**
 * What the command path may remember between batches (wallet snapshots, access facts, see
 * WalletCommandCache) is valid for one epoch: any change to the membership projection moves it (a
 * statement trigger on each of its tables, whoever writes them), and so does a rebuild swapping the
 * wallet rows in. A batch's write checks the epoch.
 *
 * A spend id is used once per wallet: events_spent_once makes the database refuse a second one, so a
 * batch decided without reading the wallet's spends cannot repeat one. Refunds keep their own index.
 */
export class LedgerCacheEpoch1764300000001 implements MigrationInterface {
  name = 'LedgerCacheEpoch1764300000001';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE ledger.cache_epoch (
      singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
      epoch bigint NOT NULL
    )`);
    await runner.query(`INSERT INTO ledger.cache_epoch (epoch) VALUES (1)`);
    await runner.query(`CREATE FUNCTION ledger.next_cache_epoch() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE ledger.cache_epoch SET epoch = epoch + 1;
        RETURN NULL;
      END
    $$`);
    for (const table of FACT_TABLES) {
      await runner.query(`CREATE TRIGGER ${table}_cache_epoch AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ledger.${table}
        FOR EACH STATEMENT EXECUTE FUNCTION ledger.next_cache_epoch()`);
    }
    await runner.query(`CREATE UNIQUE INDEX events_spent_once ON ledger.events (stream_id, (data->>'spendId')) WHERE type = 'CreditsSpent'`);
    await runner.query(`CREATE INDEX events_refunds ON ledger.events (stream_id, (data->>'spendId')) WHERE type = 'CreditsRefunded'`);
    await runner.query(`DROP INDEX ledger.events_spend`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE INDEX events_spend ON ledger.events (stream_id, (data->>'spendId'))
      WHERE type IN ('CreditsSpent', 'CreditsRefunded')`);
    await runner.query(`DROP INDEX ledger.events_refunds`);
    await runner.query(`DROP INDEX ledger.events_spent_once`);
    for (const table of FACT_TABLES) await runner.query(`DROP TRIGGER ${table}_cache_epoch ON ledger.${table}`);
    await runner.query(`DROP FUNCTION ledger.next_cache_epoch()`);
    await runner.query(`DROP TABLE ledger.cache_epoch`);
  }
}
