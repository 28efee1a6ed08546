import type { Caller, LocationRole } from '@credits/membership-domain';
import type { RequestActor } from '@credits/platform';
import { Problems } from '@credits/platform/core';
import type { Pool, PoolClient } from 'pg';

/** The caller's facts in a location; 404 when the location does not exist. */
export async function loadCaller(db: Pool | PoolClient, locationId: string, actor: RequestActor): Promise<Caller> {
  const result = await db.query<{ exists: boolean; role: LocationRole | null }>(
    `SELECT true AS exists,
            (SELECT role FROM membership.members m WHERE m.location_id = l.id AND m.user_id = $2 AND m.status = 'active') AS role
     FROM membership.locations l WHERE l.id = $1`,
    [locationId, actor.userId],
  );
  if (result.rowCount === 0) throw Problems.notFound(`location ${locationId} does not exist`);
  return { userId: actor.userId, isOperator: actor.isOperator, role: result.rows[0].role };
}

/** Strangers learn nothing about a location: they get the same 404 as for a missing one. */
export function hideFromStrangers(caller: Caller, locationId: string): void {
  if (!caller.isOperator && caller.role === null) throw Problems.notFound(`location ${locationId} does not exist`);
}

/** The caller of a location they may see (members, admins, operators); strangers get 404. */
export async function loadVisibleCaller(db: Pool | PoolClient, locationId: string, actor: RequestActor): Promise<Caller> {
  const caller = await loadCaller(db, locationId, actor);
  hideFromStrangers(caller, locationId);
  return caller;
}
