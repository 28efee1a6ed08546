import { lastAdminRefusal, type LocationRole } from '@credits/membership-domain';
import { Problems } from '@credits/platform/core';
import type { PoolClient } from 'pg';

/**
 * 409 when a role change or removal would leave the location without an admin. Call under the
 * location lock (inLocation), so two admins demoting each other at once cannot both pass.
 */
export async function refuseLosingLastAdmin(
  client: PoolClient,
  locationId: string,
  member: { readonly userId: string; readonly role: LocationRole },
  nextRole: LocationRole | null,
): Promise<void> {
  // Only an admin losing the role needs the count.
  if (lastAdminRefusal(member, nextRole, 0) === null) return;
  const admins = await client.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM membership.members WHERE location_id = $1 AND role = 'admin' AND status = 'active'`,
    [locationId],
  );
  const refusal = lastAdminRefusal(member, nextRole, admins.rows[0].n);
  if (refusal) throw Problems.conflict('last-admin', 'Last admin', refusal);
}
