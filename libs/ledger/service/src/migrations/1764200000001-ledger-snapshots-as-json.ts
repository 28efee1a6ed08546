import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Wallet states and stored answers are json (the text as written), not jsonb: the ledger only ever
 * writes and reads them whole, so converting them to and from jsonb on every command was work for
 * nothing, and the text lets the rebuild compare states by a digest (see wallet-projection.rebuild).
 * States stay uncompressed (the type change would reset the storage to the type's default).
 */
export class LedgerSnapshotsAsJson1764200000001 implements MigrationInterface {
  name = 'LedgerSnapshotsAsJson1764200000001';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE ledger.wallets ALTER COLUMN state TYPE json, ALTER COLUMN state SET STORAGE EXTERNAL`);
    await runner.query(`ALTER TABLE ledger.idempotency ALTER COLUMN body TYPE json`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE ledger.idempotency ALTER COLUMN body TYPE jsonb`);
    await runner.query(`ALTER TABLE ledger.wallets ALTER COLUMN state TYPE jsonb, ALTER COLUMN state SET STORAGE EXTERNAL`);
  }
}
