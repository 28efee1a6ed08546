import { checkpointsDdl } from '@credits/event-store';
import { inboxDdl, outboxDdl } from '@credits/messaging';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** States that occupy a slot, a desk day, tickets or stock (OCCUPYING_STATUSES of the domain). */
const OCCUPYING = `status IN ('pending', 'held', 'awaiting_payment', 'confirmed')`;

export class BookingInitial1764700000000 implements MigrationInterface {
  name = 'BookingInitial1764700000000';

  async up(runner: QueryRunner): Promise<void> {
    // gist over (uuid =, range &&) for the room exclusion constraint.
    await runner.query(`CREATE EXTENSION IF NOT EXISTS btree_gist`);
    await runner.query(`CREATE TABLE booking.resources (
      id uuid PRIMARY KEY,
      location_id uuid NOT NULL,
      type text NOT NULL CHECK (type IN ('room', 'desk', 'event', 'product')),
      name text NOT NULL,
      money_amount bigint CHECK (money_amount >= 0),
      money_currency char(3),
      credits bigint CHECK (credits > 0),
      capacity integer CHECK (capacity > 0),
      starts_at timestamptz,
      ends_at timestamptz,
      -- products: items left; taken by orders under a row lock, never below 0
      stock integer CHECK (stock >= 0),
      -- events: tickets sold; never above capacity
      sold integer NOT NULL DEFAULT 0 CHECK (sold >= 0 AND (type <> 'event' OR sold <= capacity)),
      opens_at text,
      closes_at text,
      min_duration_minutes integer NOT NULL,
      max_duration_minutes integer NOT NULL,
      refund_policy jsonb NOT NULL,
      status text NOT NULL CHECK (status IN ('active', 'archived')),
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      CHECK ((money_amount IS NULL) = (money_currency IS NULL)),
      CHECK (money_amount IS NOT NULL OR credits IS NOT NULL)
    )`);
    await runner.query(`CREATE INDEX resources_location ON booking.resources (location_id, status, type)`);
    // Day passes of a desk per day, taken under the row's lock: never more than the desk's capacity.
    await runner.query(`CREATE TABLE booking.desk_days (
      resource_id uuid NOT NULL REFERENCES booking.resources(id),
      day date NOT NULL,
      taken integer NOT NULL CHECK (taken >= 0),
      PRIMARY KEY (resource_id, day)
    )`);
    await runner.query(`CREATE TABLE booking.bookings (
      id uuid PRIMARY KEY,
      location_id uuid NOT NULL,
      resource_id uuid NOT NULL REFERENCES booking.resources(id),
      user_id text NOT NULL,
      status text NOT NULL CHECK (status IN ('pending', 'held', 'awaiting_payment', 'confirmed', 'cancelling', 'cancelled', 'failed')),
      -- rooms: what the booking occupies
      during tstzrange,
      -- desks: the day pass's date
      day date,
      quantity integer NOT NULL CHECK (quantity > 0),
      -- the whole booking as the domain sees it (BookingState)
      state jsonb NOT NULL,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL
    )`);
    // No double booking, decided by the database: overlapping occupying bookings of one room are refused.
    await runner.query(`ALTER TABLE booking.bookings ADD CONSTRAINT bookings_no_overlap
      EXCLUDE USING gist (resource_id WITH =, during WITH &&) WHERE (during IS NOT NULL AND ${OCCUPYING})`);
    // One day pass per user per day in a location.
    await runner.query(`CREATE UNIQUE INDEX bookings_one_day_pass ON booking.bookings (location_id, user_id, day) WHERE day IS NOT NULL AND ${OCCUPYING}`);
    await runner.query(`CREATE INDEX bookings_user ON booking.bookings (location_id, user_id, created_at)`);
    await runner.query(`CREATE INDEX bookings_location ON booking.bookings (location_id, created_at)`);
    // Where the recovery worker looks: bookings between two saga steps.
    await runner.query(`CREATE INDEX bookings_unfinished ON booking.bookings (updated_at) WHERE status IN ('pending', 'held', 'cancelling')`);
    // Idempotency-Key of a booking request: the booking it made.
    await runner.query(`CREATE TABLE booking.booking_requests (
      location_id uuid NOT NULL,
      caller_id text NOT NULL,
      idempotency_key text NOT NULL,
      request_hash text NOT NULL,
      booking_id uuid NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (location_id, caller_id, idempotency_key)
    )`);
    for (const sql of [...outboxDdl('booking'), ...inboxDdl('booking'), ...checkpointsDdl('booking')]) await runner.query(sql);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of ['checkpoints', 'inbox', 'outbox', 'booking_requests', 'bookings', 'desk_days', 'resources']) await runner.query(`DROP TABLE booking.${table}`);
  }
}
