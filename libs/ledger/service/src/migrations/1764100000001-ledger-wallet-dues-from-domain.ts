import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * next_due_at and next_warning_at are written with each wallet row, computed by the domain
 * (nextDueAt, nextWarningAt), instead of by a trigger parsing the stored state again; and wallet
 * states are stored uncompressed: every command rewrites its wallet's state, and compressing it
 * each time cost more CPU than the space it saved (states are small unless a wallet has a long history).
 * The SQL functions the trigger called stay, for `down`.
 */
export class LedgerWalletDuesFromDomain1764100000001 implements MigrationInterface {
  name = 'LedgerWalletDuesFromDomain1764100000001';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TRIGGER wallets_next_due ON ledger.wallets`);
    await runner.query(`DROP FUNCTION ledger.wallets_set_next_due()`);
    await runner.query(`ALTER TABLE ledger.wallets ALTER COLUMN state SET STORAGE EXTERNAL`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE ledger.wallets ALTER COLUMN state SET STORAGE EXTENDED`);
    await runner.query(`CREATE FUNCTION ledger.wallets_set_next_due() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.next_due_at := ledger.wallet_next_due(NEW.state);
        NEW.next_warning_at := ledger.wallet_next_warning(NEW.state);
        RETURN NEW;
      END
    $$`);
    await runner.query(`CREATE TRIGGER wallets_next_due BEFORE INSERT OR UPDATE OF state ON ledger.wallets
      FOR EACH ROW EXECUTE FUNCTION ledger.wallets_set_next_due()`);
  }
}
