import { refundGiven, type Booking } from '@credits/booking-domain';
import { creditsToText, type Money } from '@credits/contracts';
import type { BookingPaymentStatus, BookingPaymentView, BookingResponse, RefundIssueView } from '@credits/contracts/http';
import type { SqlClient } from '@credits/event-store';
import { Problems } from '@credits/platform/core';
import type { PoolClient } from 'pg';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function taken(detail: string) {
  return Problems.conflict('slot-taken', 'Already taken', detail);
}

/**
 * Stores a new booking and takes what it occupies, in the caller's transaction. The database
 * decides every race: the exclusion constraint refuses an overlapping room booking, the unique
 * index a second day pass, and counters updated under their row lock refuse a full desk day,
 * sold-out tickets and stock. Refusals are 409 and roll the transaction back.
 */
export async function insertBooking(client: PoolClient, booking: Booking, now: Date): Promise<void> {
  const room = booking.resourceType === 'room';
  const insert = () =>
    client.query(
      `INSERT INTO booking.bookings (id, location_id, resource_id, user_id, status, during, day, quantity, state, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, CASE WHEN $6::timestamptz IS NULL THEN NULL ELSE tstzrange($6, $7, '[)') END, $8, $9, $10, $11, $11)`,
      [booking.bookingId, booking.locationId, booking.resourceId, booking.userId, booking.status, room ? booking.start : null, room ? booking.end : null, booking.date, booking.quantity, JSON.stringify(booking), now],
    );
  try {
    if (room) await insertRoomBooking(client, insert);
    else await insert();
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === '23P01') throw taken('the room is booked at that time');
    if (code === '40P01') throw taken('the room is being booked by someone else at that time');
    if (code === '23505') throw Problems.conflict('day-pass-exists', 'Already checked in', `you have a day pass for ${booking.date} already`);
    throw error;
  }
  await takeCapacity(client, booking);
}

/**
 * Two overlapping room bookings inserted at once can each wait for the other on the exclusion
 * constraint, and PostgreSQL then aborts one as a deadlock (40P01). Inserting again from a savepoint
 * lets the survivor finish first, so the retry is refused as taken only if the survivor commits.
 */
async function insertRoomBooking(client: PoolClient, insert: () => Promise<unknown>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await client.query('SAVEPOINT room_booking');
    try {
      await insert();
      await client.query('RELEASE SAVEPOINT room_booking');
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== '40P01' || attempt === 5) throw error;
      await client.query('ROLLBACK TO SAVEPOINT room_booking');
    }
  }
}

async function takeCapacity(client: PoolClient, booking: Booking): Promise<void> {
  switch (booking.resourceType) {
    case 'room':
      return;
    case 'desk': {
      await client.query(`INSERT INTO booking.desk_days (resource_id, day, taken) VALUES ($1, $2, 0) ON CONFLICT DO NOTHING`, [booking.resourceId, booking.date]);
      const updated = await client.query(
        `UPDATE booking.desk_days d SET taken = d.taken + 1 FROM booking.resources r
         WHERE d.resource_id = $1 AND d.day = $2 AND r.id = d.resource_id AND d.taken < r.capacity`,
        [booking.resourceId, booking.date],
      );
      if (updated.rowCount !== 1) throw taken(`every desk is taken on ${booking.date}`);
      return;
    }
    case 'event': {
      const updated = await client.query(`UPDATE booking.resources SET sold = sold + $2 WHERE id = $1 AND sold + $2 <= capacity`, [booking.resourceId, booking.quantity]);
      if (updated.rowCount !== 1) throw Problems.conflict('sold-out', 'Sold out', `fewer than ${booking.quantity} tickets are left`);
      return;
    }
    case 'product': {
      const updated = await client.query(`UPDATE booking.resources SET stock = stock - $2 WHERE id = $1 AND stock >= $2`, [booking.resourceId, booking.quantity]);
      if (updated.rowCount !== 1) throw Problems.conflict('sold-out', 'Sold out', `fewer than ${booking.quantity} items are in stock`);
      return;
    }
  }
}

/** Gives back what a booking occupied (it failed or is being cancelled); a room frees itself by the booking's status. */
export async function releaseCapacity(client: PoolClient, booking: Booking): Promise<void> {
  switch (booking.resourceType) {
    case 'room':
      return;
    case 'desk':
      await client.query(`UPDATE booking.desk_days SET taken = taken - 1 WHERE resource_id = $1 AND day = $2`, [booking.resourceId, booking.date]);
      return;
    case 'event':
      await client.query(`UPDATE booking.resources SET sold = sold - $2 WHERE id = $1`, [booking.resourceId, booking.quantity]);
      return;
    case 'product':
      await client.query(`UPDATE booking.resources SET stock = stock + $2 WHERE id = $1`, [booking.resourceId, booking.quantity]);
      return;
  }
}

export async function saveBooking(client: PoolClient, booking: Booking, now: Date): Promise<void> {
  await client.query(`UPDATE booking.bookings SET status = $2, state = $3, updated_at = $4 WHERE id = $1`, [booking.bookingId, booking.status, JSON.stringify(booking), now]);
}

export async function loadBooking(db: SqlClient, locationId: string, bookingId: string): Promise<Booking | null> {
  if (!UUID.test(bookingId)) return null;
  const result = await db.query<{ state: Booking }>(`SELECT state FROM booking.bookings WHERE id = $1 AND location_id = $2`, [bookingId, locationId]);
  return result.rows[0]?.state ?? null;
}

/** The booking under its row lock, so saga steps and cancellations of it take turns. */
export async function lockBooking(client: PoolClient, bookingId: string): Promise<Booking | null> {
  const result = await client.query<{ state: Booking }>(`SELECT state FROM booking.bookings WHERE id = $1 FOR UPDATE`, [bookingId]);
  return result.rows[0]?.state ?? null;
}

/** Bookings of the location, or of one user, newest first. */
export async function listBookings(db: SqlClient, locationId: string, userId: string | null): Promise<Booking[]> {
  const result = await db.query<{ state: Booking }>(
    `SELECT state FROM booking.bookings WHERE location_id = $1 AND ($2::text IS NULL OR user_id = $2) ORDER BY created_at DESC, id LIMIT 500`,
    [locationId, userId],
  );
  return result.rows.map((row) => row.state);
}

/** Bookings between two saga steps that nobody has moved for `staleMs`: what a crash may have left. */
export async function unfinishedBookings(db: SqlClient, now: Date, staleMs: number): Promise<Array<{ id: string; locationId: string }>> {
  const result = await db.query<{ id: string; location_id: string }>(
    `SELECT id, location_id FROM booking.bookings
      WHERE (status IN ('pending', 'held', 'cancelling')
          OR (status = 'awaiting_payment' AND state->>'paid' = 'true')
          OR (status = 'failed' AND ((state->>'holdId' IS NOT NULL AND state->>'holdReleased' IS NULL) OR (state #>> '{latePayment,refunded}' = 'false' AND state #>> '{latePayment,refundRefused}' IS NULL))))
        AND updated_at <= $1
      ORDER BY updated_at LIMIT 100`,
    [new Date(now.getTime() - staleMs)],
  );
  return result.rows.map((row) => ({ id: row.id, locationId: row.location_id }));
}

/** Card and split bookings whose payment has not succeeded (or could not start) within `timeoutMs` of their last step. */
export async function unpaidBookings(db: SqlClient, now: Date, timeoutMs: number): Promise<string[]> {
  const result = await db.query<{ id: string }>(
    `SELECT id FROM booking.bookings
      WHERE status IN ('pending', 'held', 'awaiting_payment') AND (state #>> '{money,amount}')::bigint > 0 AND state->>'paid' IS NULL AND updated_at <= $1
      ORDER BY updated_at LIMIT 100`,
    [new Date(now.getTime() - timeoutMs)],
  );
  return result.rows.map((row) => row.id);
}

/** A booking as its booker or an admin (`viewerId`) sees it: the same in every answer; the client secret goes to the booker only. */
export function bookingResponse(b: Booking, viewerId: string): BookingResponse {
  const refunded = b.refundCredits !== null && b.refundMoney !== null;
  return {
    id: b.bookingId,
    locationId: b.locationId,
    resourceId: b.resourceId,
    resourceType: b.resourceType,
    kind: b.kind,
    userId: b.userId,
    status: b.status,
    start: b.start,
    end: b.end,
    date: b.date,
    quantity: b.quantity,
    paymentMethod: b.method,
    wallet: b.wallet && { ownerType: b.wallet.type, ownerId: b.wallet.id },
    charged: { credits: creditsToText(b.credits), money: b.money },
    ...(b.payment && { payment: paymentView(b, viewerId) }),
    refund: refunded ? refundView(b) : null,
    failureReason: b.failureReason,
    createdAt: b.createdAt,
    cancelledAt: b.cancelledAt,
    fulfilledAt: b.fulfilled?.at ?? null,
    refundIssues: refundIssues(b),
  };
}

/** Refunds refused for good: what a person has to settle by hand. */
function refundIssues(b: Booking): RefundIssueView[] {
  const late = b.latePayment?.refundRefused;
  return [...(b.refundsRefused ?? []).map(({ part, reason }) => ({ part, reason })), ...(late === undefined ? [] : [{ part: 'late-payment' as const, reason: late }])];
}

function paymentView(b: Booking, viewerId: string): BookingPaymentView {
  const status = paymentStatus(b);
  const { paymentId, paymentIntentId, clientSecret } = b.payment!;
  return { paymentId, paymentIntentId, status, ...(status === 'pending' && viewerId === b.userId && { clientSecret }) };
}

function paymentStatus(b: Booking): BookingPaymentStatus {
  if (b.latePayment) return b.latePayment.refunded ? 'refunded' : 'succeeded';
  if ((b.refunded ?? []).includes('money')) return 'refunded';
  if (b.paid === true || b.status === 'confirmed' || b.status === 'cancelling' || b.status === 'cancelled') return 'succeeded';
  return b.status === 'failed' ? 'failed' : 'pending';
}

/** What a cancellation gave back (a part refused for good gave nothing back). */
export function refundView(b: Booking): { credits: string; money: Money } {
  const given = refundGiven(b);
  return { credits: creditsToText(given.credits), money: given.money };
}
