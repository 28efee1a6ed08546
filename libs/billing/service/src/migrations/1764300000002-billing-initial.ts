import { checkpointsDdl } from '@credits/event-store';
import { inboxDdl, outboxDdl } from '@credits/messaging';
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class BillingInitial1764300000002 implements MigrationInterface {
  name = 'BillingInitial1764300000002';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE billing.credit_options (
      id uuid PRIMARY KEY,
      location_id uuid NOT NULL,
      name text NOT NULL,
      credits bigint NOT NULL CHECK (credits > 0),
      price_amount bigint NOT NULL CHECK (price_amount >= 0),
      price_currency char(3) NOT NULL,
      status text NOT NULL CHECK (status IN ('active', 'archived')),
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL
    )`);
    await runner.query(`CREATE INDEX credit_options_location ON billing.credit_options (location_id, status)`);
    // A purchase keeps what was bought and paid: later option edits change nothing here.
    await runner.query(`CREATE TABLE billing.credit_purchases (
      id uuid PRIMARY KEY,
      location_id uuid NOT NULL,
      buyer_id text NOT NULL,
      holder_type text NOT NULL CHECK (holder_type IN ('user', 'company')),
      holder_id text NOT NULL,
      option_id uuid NOT NULL,
      option_name text NOT NULL,
      credits bigint NOT NULL CHECK (credits > 0),
      list_price_amount bigint NOT NULL,
      discount_percent integer NOT NULL CHECK (discount_percent BETWEEN 0 AND 100),
      price_amount bigint NOT NULL CHECK (price_amount >= 0),
      currency char(3) NOT NULL,
      payment_method text NOT NULL CHECK (payment_method IN ('card', 'bill', 'free')),
      status text NOT NULL CHECK (status IN ('awaiting_payment', 'completed', 'failed')),
      payment_id text,
      payment_intent_id text,
      client_secret text,
      failure_reason text,
      bill_id uuid,
      created_at timestamptz NOT NULL,
      completed_at timestamptz
    )`);
    await runner.query(`CREATE INDEX credit_purchases_buyer ON billing.credit_purchases (location_id, buyer_id, created_at)`);
    await runner.query(`CREATE INDEX credit_purchases_holder ON billing.credit_purchases (location_id, holder_type, holder_id, created_at)`);
    await runner.query(`CREATE TABLE billing.bills (
      id uuid PRIMARY KEY,
      location_id uuid NOT NULL,
      holder_type text NOT NULL CHECK (holder_type IN ('user', 'company')),
      holder_id text NOT NULL,
      currency char(3) NOT NULL,
      status text NOT NULL CHECK (status IN ('open', 'closed')),
      opened_at timestamptz NOT NULL,
      closed_at timestamptz
    )`);
    // The open bill of a holder is the one a bill purchase adds its line to.
    await runner.query(`CREATE UNIQUE INDEX bills_one_open ON billing.bills (location_id, holder_type, holder_id) WHERE status = 'open'`);
    await runner.query(`CREATE TABLE billing.bill_lines (
      id uuid PRIMARY KEY,
      bill_id uuid NOT NULL REFERENCES billing.bills(id),
      purchase_id uuid NOT NULL UNIQUE REFERENCES billing.credit_purchases(id),
      description text NOT NULL,
      amount bigint NOT NULL CHECK (amount >= 0),
      currency char(3) NOT NULL,
      created_at timestamptz NOT NULL
    )`);
    await runner.query(`CREATE INDEX bill_lines_bill ON billing.bill_lines (bill_id, created_at)`);
    // Idempotency-Key of a purchase request: the purchase it made and, once decided, the answer given.
    await runner.query(`CREATE TABLE billing.purchase_requests (
      location_id uuid NOT NULL,
      caller_id text NOT NULL,
      idempotency_key text NOT NULL,
      request_hash text NOT NULL,
      purchase_id uuid NOT NULL,
      response jsonb,
      -- the events the answer waits for the ledger to apply (read-your-writes), a replay too
      event_ids text[] NOT NULL DEFAULT '{}',
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (location_id, caller_id, idempotency_key)
    )`);
    for (const sql of [...outboxDdl('billing'), ...inboxDdl('billing'), ...checkpointsDdl('billing')]) await runner.query(sql);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of ['checkpoints', 'inbox', 'outbox', 'purchase_requests', 'bill_lines', 'bills', 'credit_purchases', 'credit_options']) {
      await runner.query(`DROP TABLE billing.${table}`);
    }
  }
}
