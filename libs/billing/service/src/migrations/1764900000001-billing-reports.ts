import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Read models of the monthly reports (R17), built from events only. Facts keep their instant and
 * are put into months when a report is asked for, in the location's time zone then: a fact that
 * arrives before anything else about its location needs nothing more to be counted right.
 */
export class BillingReports1764900000001 implements MigrationInterface {
  name = 'BillingReports1764900000001';

  async up(runner: QueryRunner): Promise<void> {
    // Money in (sales) and out (refunds), keyed by what was sold or refunded so a fact counts once.
    await runner.query(`CREATE TABLE billing.report_revenue (
      fact_id text PRIMARY KEY,
      location_id text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('sale', 'refund')),
      source text,
      payment_id text,
      amount bigint NOT NULL CHECK (amount >= 0),
      currency char(3) NOT NULL,
      occurred_at timestamptz NOT NULL,
      CHECK (source IS NOT NULL OR payment_id IS NOT NULL)
    )`);
    await runner.query(`CREATE INDEX report_revenue_location ON billing.report_revenue (location_id, occurred_at)`);
    // What each paid card payment was for, so a refund counts against the source it was taken for.
    await runner.query(`CREATE TABLE billing.report_payment_sources (
      payment_id text PRIMARY KEY,
      source text NOT NULL
    )`);
    await runner.query(`CREATE TABLE billing.report_credit_movements (
      fact_id text PRIMARY KEY,
      location_id text NOT NULL,
      movement text NOT NULL CHECK (movement IN ('granted', 'spent', 'deducted', 'refunded', 'expired')),
      source text,
      amount bigint NOT NULL CHECK (amount > 0),
      occurred_at timestamptz NOT NULL,
      CHECK ((movement = 'granted') = (source IS NOT NULL))
    )`);
    await runner.query(`CREATE INDEX report_credit_movements_location ON billing.report_credit_movements (location_id, occurred_at)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE billing.report_credit_movements`);
    await runner.query(`DROP TABLE billing.report_payment_sources`);
    await runner.query(`DROP TABLE billing.report_revenue`);
  }
}
