import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Read models the executor does not write itself, kept by triggers in the same transaction:
 * - wallets.next_due_at: the earliest expiry of an unexpired lot or open hold, so the expiry
 *   scheduler finds due wallets through an index instead of reading every wallet's state;
 * - breakage: credits that expired, per lot, for the liability report.
 * And plan_periods: each plan period's allowance and what was left of it at its end (rollover).
 */
export class LedgerExpiryAndReports1763900000001 implements MigrationInterface {
  name = 'LedgerExpiryAndReports1763900000001';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE ledger.wallets ADD COLUMN next_due_at timestamptz`);
    await runner.query(`CREATE FUNCTION ledger.wallet_next_due(state jsonb) RETURNS timestamptz LANGUAGE sql STABLE AS $$
      SELECT min(due) FROM (
        SELECT (lot->>'expiresAt')::timestamptz AS due FROM jsonb_array_elements(state->'lots') AS lot
        WHERE lot->>'kind' = 'expiring' AND lot->>'expiredAt' IS NULL
        UNION ALL
        SELECT (hold.value->>'expiresAt')::timestamptz FROM jsonb_each(state->'holds') AS hold
        WHERE hold.value->>'status' = 'open'
      ) AS dues
    $$`);
    await runner.query(`CREATE FUNCTION ledger.wallets_set_next_due() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.next_due_at := ledger.wallet_next_due(NEW.state);
        RETURN NEW;
      END
    $$`);
    await runner.query(`CREATE TRIGGER wallets_next_due BEFORE INSERT OR UPDATE OF state ON ledger.wallets
      FOR EACH ROW EXECUTE FUNCTION ledger.wallets_set_next_due()`);
    await runner.query(`UPDATE ledger.wallets SET state = state`);
    await runner.query(`CREATE INDEX wallets_next_due ON ledger.wallets (next_due_at) WHERE next_due_at IS NOT NULL`);
    await runner.query(`CREATE INDEX wallets_location ON ledger.wallets (location_id)`);

    await runner.query(`CREATE TABLE ledger.breakage (
      event_id uuid NOT NULL,
      lot_id text NOT NULL,
      location_id text NOT NULL,
      wallet_id text NOT NULL,
      amount bigint NOT NULL,
      occurred_at timestamptz NOT NULL,
      PRIMARY KEY (event_id, lot_id)
    )`);
    await runner.query(`CREATE INDEX breakage_location ON ledger.breakage (location_id, occurred_at)`);
    // Expiry, and the part of a refund or hold release that returned to an already expired lot (R9).
    await runner.query(`CREATE FUNCTION ledger.breakage_of(uuid, text, text, jsonb, timestamptz)
      RETURNS TABLE (event_id uuid, lot_id text, location_id text, wallet_id text, amount bigint, occurred_at timestamptz)
      LANGUAGE sql IMMUTABLE AS $$
        SELECT parts.event_id, parts.lot_id, split_part(parts.stream_id, ':', 2), parts.stream_id, parts.amount, parts.occurred_at
        FROM (
          SELECT $1 AS event_id, $2 AS stream_id, $5 AS occurred_at, lot->>'lotId' AS lot_id,
                 CASE WHEN $3 = 'CreditsExpired' THEN (lot->>'amount')::bigint ELSE (lot->>'expiredAmount')::bigint END AS amount
          FROM jsonb_array_elements(CASE WHEN $3 = 'CreditsHoldCaptured' THEN $4->'releasedLots' ELSE $4->'lots' END) AS lot
        ) AS parts
        WHERE parts.amount > 0
    $$`);
    await runner.query(`CREATE FUNCTION ledger.events_record_breakage() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO ledger.breakage SELECT * FROM ledger.breakage_of(NEW.event_id, NEW.stream_id, NEW.type, NEW.data, NEW.occurred_at);
        RETURN NULL;
      END
    $$`);
    await runner.query(`CREATE TRIGGER events_breakage AFTER INSERT ON ledger.events FOR EACH ROW
      WHEN (NEW.type IN ('CreditsExpired', 'CreditsRefunded', 'CreditsHoldReleased', 'CreditsHoldCaptured'))
      EXECUTE FUNCTION ledger.events_record_breakage()`);
    await runner.query(`INSERT INTO ledger.breakage
      SELECT b.* FROM ledger.events e, ledger.breakage_of(e.event_id, e.stream_id, e.type, e.data, e.occurred_at) AS b
      WHERE e.type IN ('CreditsExpired', 'CreditsRefunded', 'CreditsHoldReleased', 'CreditsHoldCaptured')`);

    await runner.query(`CREATE TABLE ledger.plan_periods (
      period_id text PRIMARY KEY,
      wallet_id text NOT NULL,
      allowance bigint,
      leftover bigint
    )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE ledger.plan_periods`);
    await runner.query(`DROP TRIGGER events_breakage ON ledger.events`);
    await runner.query(`DROP FUNCTION ledger.events_record_breakage()`);
    await runner.query(`DROP FUNCTION ledger.breakage_of(uuid, text, text, jsonb, timestamptz)`);
    await runner.query(`DROP TABLE ledger.breakage`);
    await runner.query(`DROP INDEX ledger.wallets_location`);
    await runner.query(`DROP TRIGGER wallets_next_due ON ledger.wallets`);
    await runner.query(`DROP FUNCTION ledger.wallets_set_next_due()`);
    await runner.query(`DROP FUNCTION ledger.wallet_next_due(jsonb)`);
    await runner.query(`ALTER TABLE ledger.wallets DROP COLUMN next_due_at`);
  }
}
