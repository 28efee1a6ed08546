import { checkpointsDdl } from '@credits/event-store';
import { outboxDdl } from '@credits/messaging';
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class PaymentsInitial1764600000000 implements MigrationInterface {
  name = 'PaymentsInitial1764600000000';

  async up(runner: QueryRunner): Promise<void> {
    // One payment per purpose: asking again for the same purchase or booking answers the same payment.
    await runner.query(`CREATE TABLE payments.payments (
      id uuid PRIMARY KEY,
      location_id uuid NOT NULL,
      payer_type text NOT NULL CHECK (payer_type IN ('user', 'company')),
      payer_id text NOT NULL,
      purpose_type text NOT NULL,
      purpose_id text NOT NULL,
      amount bigint NOT NULL CHECK (amount > 0),
      currency char(3) NOT NULL,
      description text,
      status text NOT NULL CHECK (status IN ('awaiting_payment', 'succeeded', 'failed', 'mismatch')),
      refunded bigint NOT NULL DEFAULT 0 CHECK (refunded >= 0 AND refunded <= amount),
      payment_intent_id text UNIQUE,
      client_secret text,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      UNIQUE (purpose_type, purpose_id)
    )`);
    await runner.query(`CREATE INDEX payments_by_location ON payments.payments (location_id, created_at DESC, id DESC)`);
    await runner.query(`CREATE INDEX payments_by_payer ON payments.payments (location_id, payer_type, payer_id, created_at DESC, id DESC)`);
    await runner.query(`CREATE TABLE payments.refunds (
      id uuid PRIMARY KEY,
      payment_id uuid NOT NULL REFERENCES payments.payments(id),
      method text NOT NULL CHECK (method IN ('card', 'credits')),
      amount bigint NOT NULL CHECK (amount > 0),
      credits bigint NOT NULL CHECK (credits >= 0),
      reason text NOT NULL,
      stripe_refund_id text,
      actor jsonb NOT NULL,
      created_at timestamptz NOT NULL
    )`);
    await runner.query(`CREATE INDEX refunds_by_payment ON payments.refunds (payment_id, created_at)`);
    // Answers to refund requests by Idempotency-Key, per payment: a retry gets the first answer.
    await runner.query(`CREATE TABLE payments.refund_requests (
      payment_id uuid NOT NULL REFERENCES payments.payments(id),
      idempotency_key text NOT NULL,
      fingerprint text NOT NULL,
      status integer NOT NULL,
      body jsonb NOT NULL,
      created_at timestamptz NOT NULL,
      PRIMARY KEY (payment_id, idempotency_key)
    )`);
    // Stripe event ids already applied, written in the same transaction as their effect.
    await runner.query(`CREATE TABLE payments.stripe_events (
      event_id text PRIMARY KEY,
      type text NOT NULL,
      payment_id uuid,
      received_at timestamptz NOT NULL
    )`);
    for (const sql of [...outboxDdl('payments'), ...checkpointsDdl('payments')]) await runner.query(sql);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of ['checkpoints', 'outbox', 'stripe_events', 'refund_requests', 'refunds', 'payments']) await runner.query(`DROP TABLE payments.${table}`);
  }
}
