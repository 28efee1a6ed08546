import { decide, type Booking, type BookingDomainEvent, type Resource } from '@credits/booking-domain';
import type { MemberFactsResponse } from '@credits/contracts/http';
import { withTransaction } from '@credits/event-store';
import { ProblemException, runMigrations } from '@credits/platform/core';
import { createTestDatabase } from '@credits/test-infra';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { bookingMigrations } from '../migrations';
import { applyBookingEvents } from './booking-effects';
import { BOOKING_SCHEMA } from './booking.tokens';

const LOCATION = randomUUID();
const NOW = '2026-06-01T06:00:00.000Z';
const facts: MemberFactsResponse = {
  locationExists: true,
  currency: 'EUR',
  timezone: 'Europe/Berlin',
  creditsEnabled: true,
  discountAppliesToCredits: false,
  member: { role: 'member' },
  plan: null,
};

/**
 * What the database decides under concurrency (no read-then-write race): bookings placed at the same
 * time as the place-booking slice places them, each in its own transaction, on real PostgreSQL.
 */
describe('booking store: capacity decided by the database', () => {
  let pool: Pool;

  beforeAll(async () => {
    const databaseUrl = await createTestDatabase('booking_store');
    await runMigrations(databaseUrl, BOOKING_SCHEMA, bookingMigrations);
    pool = new Pool({ connectionString: databaseUrl, max: 12 });
  });

  afterAll(async () => {
    await pool?.end();
  });

  async function resource(overrides: Partial<Resource>): Promise<Resource> {
    const r: Resource = {
      resourceId: randomUUID(),
      locationId: LOCATION,
      type: 'room',
      name: 'R',
      status: 'active',
      moneyPrice: null,
      creditPrice: 100,
      capacity: null,
      startsAt: null,
      endsAt: null,
      stock: null,
      openingHours: null,
      minDurationMinutes: 15,
      maxDurationMinutes: 1440,
      refundPolicy: { fullRefundUntilHoursBefore: 24 },
      ...overrides,
    };
    await pool.query(
      `INSERT INTO booking.resources (id, location_id, type, name, credits, capacity, starts_at, ends_at, stock, min_duration_minutes, max_duration_minutes, refund_policy, status, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 15, 1440, '{"fullRefundUntilHoursBefore":24}', 'active', now(), now())`,
      [r.resourceId, LOCATION, r.type, r.name, r.creditPrice, r.capacity, r.startsAt, r.endsAt, r.stock],
    );
    return r;
  }

  const placed = (r: Resource, userId: string, target: Record<string, unknown>): readonly BookingDomainEvent[] => {
    const decision = decide({ type: 'PlaceBooking', bookingId: randomUUID(), now: NOW, locationId: LOCATION, userId, kind: 'booking', resource: r, facts, target, payment: { method: 'personal-credits' } }, null);
    if (!decision.ok) throw new Error(JSON.stringify(decision.rejection));
    return decision.events;
  };
  const place = (events: readonly BookingDomainEvent[]) => withTransaction(pool, (client) => applyBookingEvents(client, null, events, new Date(NOW)));
  const outcomes = async (attempts: Array<Promise<Booking>>) => {
    const settled = await Promise.allSettled(attempts);
    const refused = settled.filter((s): s is PromiseRejectedResult => s.status === 'rejected').map((s) => (s.reason instanceof ProblemException ? s.reason.toProblem().type : String(s.reason)));
    return { placed: settled.filter((s) => s.status === 'fulfilled').length, refused };
  };
  const count = async (sql: string, params: unknown[]) => Number((await pool.query(sql, params)).rows[0].n);

  it('refuses overlapping room bookings, whatever their start and end, and lets the slot go once the booking fails', async () => {
    const room = await resource({});
    // Many overlapping ranges at once make PostgreSQL see deadlocks on the exclusion constraint.
    const starts = ['08:00', '08:30', '09:00', '09:15', '09:45', '08:10', '08:20', '08:40', '08:50', '09:05', '09:25', '09:35'].map((t) => `2026-06-03T${t}:00.000Z`);
    const attempts = starts.map((start, i) => place(placed(room, `u${i}`, { start, end: new Date(Date.parse(start) + 3_600_000).toISOString() })));
    const result = await outcomes(attempts);
    // 08:00-09:00 and 09:00-10:00 do not overlap ([) ranges); any other pair does, so at most two win.
    expect(result.placed).toBeGreaterThanOrEqual(1);
    expect(result.placed).toBeLessThanOrEqual(2);
    expect(result.refused.every((type) => type.endsWith('/slot-taken'))).toBe(true);
    const overlapping = await count(
      `SELECT count(*) AS n FROM booking.bookings a JOIN booking.bookings b ON a.resource_id = b.resource_id AND a.id < b.id AND a.during && b.during WHERE a.resource_id = $1`,
      [room.resourceId],
    );
    expect(overlapping).toBe(0);

    const [winner] = (await pool.query<{ state: Booking }>(`SELECT state FROM booking.bookings WHERE resource_id = $1 ORDER BY created_at LIMIT 1`, [room.resourceId])).rows.map((r) => r.state);
    await withTransaction(pool, (client) =>
      applyBookingEvents(client, winner, [{ type: 'BookingFailed', data: { reason: 'test', shortfall: 1, occurredAt: NOW } }], new Date(NOW)),
    );
    await expect(place(placed(room, 'later', { start: winner.start, end: winner.end }))).resolves.toMatchObject({ status: 'pending' });
  });

  it('sells at most a desk’s capacity of day passes per day, one per user, and gives a pass back when it fails', async () => {
    const desk = await resource({ type: 'desk', capacity: 3 });
    const result = await outcomes(Array.from({ length: 12 }, (_, i) => place(placed(desk, `d${i}`, { date: '2026-06-03' }))));
    expect(result.placed).toBe(3);
    expect(result.refused.every((type) => type.endsWith('/slot-taken'))).toBe(true);
    expect(await count(`SELECT taken AS n FROM booking.desk_days WHERE resource_id = $1 AND day = '2026-06-03'`, [desk.resourceId])).toBe(3);
    expect(await outcomes([place(placed(desk, 'd-twice', { date: '2026-06-04' })), place(placed(desk, 'd-twice', { date: '2026-06-04' }))])).toEqual({
      placed: 1,
      refused: [expect.stringMatching(/day-pass-exists$/)],
    });

    const [pass] = (await pool.query<{ state: Booking }>(`SELECT state FROM booking.bookings WHERE resource_id = $1 AND day = '2026-06-03' LIMIT 1`, [desk.resourceId])).rows.map((r) => r.state);
    await withTransaction(pool, (client) => applyBookingEvents(client, pass, [{ type: 'BookingFailed', data: { reason: 'test', shortfall: 1, occurredAt: NOW } }], new Date(NOW)));
    expect(await count(`SELECT taken AS n FROM booking.desk_days WHERE resource_id = $1 AND day = '2026-06-03'`, [desk.resourceId])).toBe(2);
  });

  it('never sells more tickets than the capacity, nor more products than the stock', async () => {
    const event = await resource({ type: 'event', capacity: 5, startsAt: '2026-07-01T18:00:00.000Z', endsAt: '2026-07-01T20:00:00.000Z' });
    const tickets = await outcomes(Array.from({ length: 10 }, (_, i) => place(placed(event, `t${i}`, { quantity: 2 }))));
    expect(tickets.placed).toBe(2);
    expect(tickets.refused.every((type) => type.endsWith('/sold-out'))).toBe(true);
    expect(await count(`SELECT sold AS n FROM booking.resources WHERE id = $1`, [event.resourceId])).toBe(4);

    const product = await resource({ type: 'product', stock: 3 });
    const orders = await outcomes(Array.from({ length: 10 }, (_, i) => place(placed(product, `p${i}`, { quantity: 1 }))));
    expect(orders.placed).toBe(3);
    expect(await count(`SELECT stock AS n FROM booking.resources WHERE id = $1`, [product.resourceId])).toBe(0);
  });
});
