import { creditsToText } from '@credits/contracts';
import { UNIT_OF, type ResourceResponse } from '@credits/contracts/http';
import type { Resource } from '@credits/booking-domain';
import type { SqlClient } from '@credits/event-store';
import { Problems } from '@credits/platform';
import type { PoolClient } from 'pg';

interface ResourceRow {
  id: string;
  location_id: string;
  type: Resource['type'];
  name: string;
  money_amount: string | null;
  money_currency: string | null;
  credits: string | null;
  capacity: number | null;
  starts_at: Date | null;
  ends_at: Date | null;
  stock: number | null;
  opens_at: string | null;
  closes_at: string | null;
  min_duration_minutes: number;
  max_duration_minutes: number;
  refund_policy: Resource['refundPolicy'];
  status: Resource['status'];
}

const COLUMNS = `id, location_id, type, name, money_amount, money_currency, credits, capacity, starts_at, ends_at, stock, opens_at, closes_at,
  min_duration_minutes, max_duration_minutes, refund_policy, status`;

function fromRow(row: ResourceRow): Resource {
  return {
    resourceId: row.id,
    locationId: row.location_id,
    type: row.type,
    name: row.name,
    status: row.status,
    moneyPrice: row.money_amount === null ? null : { amount: Number(row.money_amount), currency: row.money_currency! },
    creditPrice: row.credits === null ? null : Number(row.credits),
    capacity: row.capacity,
    startsAt: row.starts_at?.toISOString() ?? null,
    endsAt: row.ends_at?.toISOString() ?? null,
    stock: row.stock,
    openingHours: row.opens_at === null ? null : { opens: row.opens_at, closes: row.closes_at! },
    minDurationMinutes: row.min_duration_minutes,
    maxDurationMinutes: row.max_duration_minutes,
    refundPolicy: row.refund_policy,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The resource of the location, or null (ids that are not uuids are no resource either). */
export async function loadResource(db: SqlClient, locationId: string, resourceId: string, forUpdate = false): Promise<Resource | null> {
  if (!UUID.test(resourceId)) return null;
  const lock = forUpdate ? ' FOR UPDATE' : '';
  const result = await db.query<ResourceRow>(`SELECT ${COLUMNS} FROM booking.resources WHERE id = $1 AND location_id = $2${lock}`, [resourceId, locationId]);
  return result.rows[0] ? fromRow(result.rows[0]) : null;
}

/** The resource under its row lock (bookings taking its tickets or stock wait for the edit), or 404. */
export async function lockedResource(client: PoolClient, locationId: string, resourceId: string): Promise<Resource> {
  const resource = await loadResource(client, locationId, resourceId, true);
  if (!resource) throw Problems.notFound(`resource ${resourceId} does not exist`);
  return resource;
}

export async function listResources(db: SqlClient, locationId: string, status: Resource['status'], type: Resource['type'] | null): Promise<Resource[]> {
  const result = await db.query<ResourceRow>(
    `SELECT ${COLUMNS} FROM booking.resources WHERE location_id = $1 AND status = $2 AND ($3::text IS NULL OR type = $3) ORDER BY created_at, id LIMIT 500`,
    [locationId, status, type],
  );
  return result.rows.map(fromRow);
}

export async function insertResource(db: SqlClient, resource: Resource, now: Date): Promise<void> {
  await db.query(
    `INSERT INTO booking.resources (${COLUMNS}, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $18)`,
    [...values(resource), now],
  );
}

/** Saves an edit; a capacity below the tickets sold is refused by the table's check (23514). */
export async function updateResource(db: SqlClient, r: Resource, now: Date): Promise<void> {
  await db.query(
    `UPDATE booking.resources SET name = $3, money_amount = $4, money_currency = $5, credits = $6, capacity = $7, stock = $8, opens_at = $9, closes_at = $10,
       refund_policy = $11, status = $12, updated_at = $13 WHERE id = $1 AND location_id = $2`,
    [
      r.resourceId,
      r.locationId,
      r.name,
      r.moneyPrice?.amount ?? null,
      r.moneyPrice?.currency ?? null,
      r.creditPrice,
      r.capacity,
      r.stock,
      r.openingHours?.opens ?? null,
      r.openingHours?.closes ?? null,
      JSON.stringify(r.refundPolicy),
      r.status,
      now,
    ],
  );
}

function values(r: Resource): unknown[] {
  return [
    r.resourceId,
    r.locationId,
    r.type,
    r.name,
    r.moneyPrice?.amount ?? null,
    r.moneyPrice?.currency ?? null,
    r.creditPrice,
    r.capacity,
    r.startsAt,
    r.endsAt,
    r.stock,
    r.openingHours?.opens ?? null,
    r.openingHours?.closes ?? null,
    r.minDurationMinutes,
    r.maxDurationMinutes,
    JSON.stringify(r.refundPolicy),
    r.status,
  ];
}

export function resourceResponse(r: Resource): ResourceResponse {
  return {
    id: r.resourceId,
    locationId: r.locationId,
    type: r.type,
    name: r.name,
    prices: { ...(r.moneyPrice ? { money: r.moneyPrice } : {}), ...(r.creditPrice !== null ? { credits: creditsToText(r.creditPrice) } : {}) },
    unit: UNIT_OF[r.type],
    capacity: r.capacity,
    startsAt: r.startsAt,
    endsAt: r.endsAt,
    stock: r.stock,
    openingHours: r.openingHours,
    minDurationMinutes: r.minDurationMinutes,
    maxDurationMinutes: r.maxDurationMinutes,
    refundPolicy: r.refundPolicy,
    status: r.status,
  };
}
