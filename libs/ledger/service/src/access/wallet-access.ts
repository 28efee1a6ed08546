import { Problems, type RequestActor } from '@credits/platform';
import type { Pool, PoolClient } from 'pg';

export interface LocationFacts {
  readonly currency: string;
  readonly creditsEnabled: boolean;
  /** the caller's active role, null when not a member */
  readonly callerRole: 'member' | 'admin' | null;
  /** whether the wallet's owner is an active member */
  readonly ownerIsMember: boolean;
}

async function loadFacts(db: Pool | PoolClient, locationId: string, actor: RequestActor, ownerId: string): Promise<LocationFacts> {
  const result = await db.query<{ currency: string; credits_enabled: boolean; caller_role: 'member' | 'admin' | null; owner_is_member: boolean }>(
    `SELECT l.currency, l.credits_enabled,
            (SELECT role FROM ledger.members WHERE location_id = l.location_id AND user_id = $2 AND active) AS caller_role,
            EXISTS (SELECT 1 FROM ledger.members WHERE location_id = l.location_id AND user_id = $3 AND active) AS owner_is_member
     FROM ledger.locations l WHERE l.location_id = $1`,
    [locationId, actor.userId, ownerId],
  );
  const row = result.rows[0];
  // Strangers get the same answer as for a location that does not exist (R1: nothing leaks).
  if (!row || (!actor.isOperator && row.caller_role === null)) throw Problems.notFound(`location ${locationId} does not exist`);
  return { currency: row.currency, creditsEnabled: row.credits_enabled, callerRole: row.caller_role, ownerIsMember: row.owner_is_member };
}

/** Reading a user's wallet: that user, the location's admins, operators. */
export async function authorizeWalletRead(db: Pool | PoolClient, locationId: string, userId: string, actor: RequestActor): Promise<LocationFacts> {
  const facts = await loadFacts(db, locationId, actor, userId);
  const allowed = actor.isOperator || facts.callerRole === 'admin' || actor.userId === userId;
  if (!allowed) throw Problems.forbidden('you can only see your own credits');
  return facts;
}

/** Grants and deductions: admins and operators, on active members' wallets, with credits enabled (R2). */
export async function authorizeWalletAdmin(db: Pool | PoolClient, locationId: string, userId: string, actor: RequestActor): Promise<LocationFacts> {
  const facts = await loadFacts(db, locationId, actor, userId);
  if (!actor.isOperator && facts.callerRole !== 'admin') throw Problems.forbidden('only location admins can give or deduct credits');
  if (!facts.ownerIsMember) throw Problems.notFound(`${userId} is not a member of location ${locationId}`);
  return facts;
}

export function requireCreditsEnabled(facts: LocationFacts, locationId: string): void {
  if (!facts.creditsEnabled) {
    throw Problems.conflict('credits-disabled', 'Credits are disabled', `credits are turned off for location ${locationId}`);
  }
}
