import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A batch's write checks the versions of the wallets it changes in its upsert (ON CONFLICT ... DO
 * UPDATE ... WHERE), which locks and reads each row's last committed version anyway; when one is
 * not at the version the batch was decided on, the statement calls this to abort, so that none of
 * its events and answers stay. SQLSTATE CL001 tells the command path to decide the batch again.
 */
export class LedgerBatchOutdated1764400000001 implements MigrationInterface {
  name = 'LedgerBatchOutdated1764400000001';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE FUNCTION ledger.batch_outdated() RETURNS integer LANGUAGE plpgsql VOLATILE AS $$
      BEGIN
        RAISE EXCEPTION 'a wallet changed since the batch was decided' USING ERRCODE = 'CL001';
      END
    $$`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP FUNCTION ledger.batch_outdated()`);
  }
}
