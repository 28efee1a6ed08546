import type { LocationResponse, MemberResponse } from '@credits/contracts/http';
import type { Caller, LocationMember, LocationRole, LocationSettings, MemberFacts } from '@credits/membership-domain';
import type { RequestActor } from '@credits/platform';
import { Problems } from '@credits/platform/core';
import type { Pool, PoolClient } from 'pg';

type Db = Pool | PoolClient;

export async function readLocation(db: Db, locationId: string): Promise<LocationResponse | null> {
  const result = await db.query<LocationResponse>(
    `SELECT id, name, currency, timezone, credits_enabled AS "creditsEnabled",
            discount_applies_to_credits AS "discountAppliesToCredits"
     FROM membership.locations WHERE id = $1`,
    [locationId],
  );
  return result.rows[0] ?? null;
}

export async function insertLocation(client: PoolClient, location: LocationResponse, now: Date): Promise<void> {
  await client.query(`INSERT INTO membership.locations (id, name, currency, timezone, created_at) VALUES ($1, $2, $3, $4, $5)`, [
    location.id,
    location.name,
    location.currency,
    location.timezone,
    now,
  ]);
}

export async function saveSettings(client: PoolClient, locationId: string, settings: LocationSettings): Promise<void> {
  await client.query(`UPDATE membership.locations SET credits_enabled = $2, discount_applies_to_credits = $3 WHERE id = $1`, [
    locationId,
    settings.creditsEnabled,
    settings.discountAppliesToCredits,
  ]);
}

/** The caller's facts in a location; 404 when the location does not exist. */
export async function loadCaller(db: Db, locationId: string, actor: RequestActor): Promise<Caller> {
  const result = await db.query<{ role: LocationRole | null }>(
    `SELECT (SELECT role FROM membership.members m WHERE m.location_id = l.id AND m.user_id = $2 AND m.status = 'active') AS role
     FROM membership.locations l WHERE l.id = $1`,
    [locationId, actor.userId],
  );
  if (result.rowCount === 0) throw Problems.notFound(`location ${locationId} does not exist`);
  return { userId: actor.userId, isOperator: actor.isOperator, role: result.rows[0].role };
}

/** The caller of a location they may see (members, admins, operators); strangers get the same 404 as for a missing one. */
export async function loadVisibleCaller(db: Db, locationId: string, actor: RequestActor): Promise<Caller> {
  const caller = await loadCaller(db, locationId, actor);
  if (!caller.isOperator && caller.role === null) throw Problems.notFound(`location ${locationId} does not exist`);
  return caller;
}

/** A user's membership, active or removed, row-locked; null when they never were a member. */
export async function lockMember(client: PoolClient, locationId: string, userId: string): Promise<LocationMember | null> {
  const result = await client.query<LocationMember>(`SELECT role, status FROM membership.members WHERE location_id = $1 AND user_id = $2 FOR UPDATE`, [
    locationId,
    userId,
  ]);
  return result.rows[0] ?? null;
}

/** Writes a membership; joining (again) sets the join time, leaving the removal time. */
export async function saveMember(client: PoolClient, locationId: string, userId: string, member: LocationMember, now: Date): Promise<void> {
  await client.query(
    `INSERT INTO membership.members (location_id, user_id, role, status, joined_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (location_id, user_id) DO UPDATE SET role = EXCLUDED.role, status = EXCLUDED.status,
       joined_at = CASE WHEN members.status = 'removed' AND EXCLUDED.status = 'active' THEN EXCLUDED.joined_at ELSE members.joined_at END,
       removed_at = CASE WHEN EXCLUDED.status = 'removed' THEN $5::timestamptz END`,
    [locationId, userId, member.role, member.status, now],
  );
}

/** What a change of the user's membership is decided on (row-locked; call under the location lock). */
export async function memberFacts(client: PoolClient, locationId: string, caller: Caller, userId: string): Promise<MemberFacts> {
  return { caller, userId, member: await lockMember(client, locationId, userId), activeAdmins: await countActiveAdmins(client, locationId) };
}

/**
 * The location's active admins. Counted under the location lock (inLocation), so two admins
 * demoting each other at once cannot both see another admin.
 */
export async function countActiveAdmins(client: PoolClient, locationId: string): Promise<number> {
  const admins = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM membership.members WHERE location_id = $1 AND role = 'admin' AND status = 'active'`, [
    locationId,
  ]);
  return admins.rows[0].n;
}

/** Whether a user is an active member of the location (who may join companies and hold plans). */
export async function isActiveMember(db: Db, locationId: string, userId: string): Promise<boolean> {
  const result = await db.query(`SELECT 1 FROM membership.members WHERE location_id = $1 AND user_id = $2 AND status = 'active'`, [locationId, userId]);
  return result.rowCount === 1;
}

const MEMBER_COLUMNS = `location_id AS "locationId", user_id AS "userId", role, status`;

/** Every member, removed ones included, by user id. */
export async function listMembers(db: Db, locationId: string): Promise<MemberResponse[]> {
  return (await db.query<MemberResponse>(`SELECT ${MEMBER_COLUMNS} FROM membership.members WHERE location_id = $1 ORDER BY user_id`, [locationId])).rows;
}

export async function readMember(db: Db, locationId: string, userId: string): Promise<MemberResponse | null> {
  return (await db.query<MemberResponse>(`SELECT ${MEMBER_COLUMNS} FROM membership.members WHERE location_id = $1 AND user_id = $2`, [locationId, userId])).rows[0] ?? null;
}
