import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * CreditsExpiringSoon: wallets.next_warning_at is the soonest expiry of credits left that no notice
 * covers yet (same grouping as the domain's expiryWarningKey), kept by the wallets trigger, so the
 * expiry scheduler finds the wallets to warn through an index, whatever the configured lead time.
 * Stored states get the new (empty) list of notices given, as evolve starts it.
 */
export class LedgerExpiryWarnings1764000000001 implements MigrationInterface {
  name = 'LedgerExpiryWarnings1764000000001';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE ledger.wallets ADD COLUMN next_warning_at timestamptz`);
    await runner.query(`CREATE FUNCTION ledger.wallet_next_warning(state jsonb) RETURNS timestamptz LANGUAGE sql STABLE AS $$
      SELECT min((lot->>'expiresAt')::timestamptz) FROM jsonb_array_elements(state->'lots') AS lot
      WHERE lot->>'kind' = 'expiring' AND lot->>'expiredAt' IS NULL AND (lot->>'remaining')::bigint > 0
        AND NOT (coalesce(state->'expiryWarnings', '[]'::jsonb) ? CASE WHEN lot->>'planPeriodId' IS NOT NULL
          THEN 'period:' || (lot->>'planPeriodId') ELSE 'expires:' || (lot->>'expiresAt') END)
    $$`);
    await runner.query(`CREATE OR REPLACE FUNCTION ledger.wallets_set_next_due() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.next_due_at := ledger.wallet_next_due(NEW.state);
        NEW.next_warning_at := ledger.wallet_next_warning(NEW.state);
        RETURN NEW;
      END
    $$`);
    await runner.query(`UPDATE ledger.wallets SET state = jsonb_set(state, '{expiryWarnings}', coalesce(state->'expiryWarnings', '[]'::jsonb))`);
    await runner.query(`CREATE INDEX wallets_next_warning ON ledger.wallets (next_warning_at) WHERE next_warning_at IS NOT NULL`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX ledger.wallets_next_warning`);
    await runner.query(`CREATE OR REPLACE FUNCTION ledger.wallets_set_next_due() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.next_due_at := ledger.wallet_next_due(NEW.state);
        RETURN NEW;
      END
    $$`);
    await runner.query(`DROP FUNCTION ledger.wallet_next_warning(jsonb)`);
    await runner.query(`ALTER TABLE ledger.wallets DROP COLUMN next_warning_at`);
    await runner.query(`UPDATE ledger.wallets SET state = state - 'expiryWarnings'`);
  }
}
