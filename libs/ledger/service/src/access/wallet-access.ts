import type { WalletOwner } from '@credits/contracts';
import { Problems, type RequestActor } from '@credits/platform';
import type { Pool, PoolClient } from 'pg';

export interface LocationFacts {
  readonly currency: string;
  readonly creditsEnabled: boolean;
  /** the caller's active role, null when not a member */
  readonly callerRole: 'member' | 'admin' | null;
  /** the wallet's owner may receive credits: an active member, or an active company */
  readonly ownerIsActive: boolean;
  /** the caller is an active member (or manager) of the company that owns the wallet */
  readonly callerInCompany: boolean;
}

async function loadFacts(db: Pool | PoolClient, owner: WalletOwner, actor: RequestActor): Promise<LocationFacts> {
  const result = await db.query<{
    currency: string;
    credits_enabled: boolean;
    caller_role: 'member' | 'admin' | null;
    owner_is_active: boolean;
    owner_exists: boolean;
    caller_in_company: boolean;
  }>(
    `SELECT l.currency, l.credits_enabled,
            (SELECT role FROM ledger.members WHERE location_id = l.location_id AND user_id = $2 AND active) AS caller_role,
            CASE WHEN $3 = 'user' THEN EXISTS (SELECT 1 FROM ledger.members WHERE location_id = l.location_id AND user_id = $4 AND active)
                 ELSE EXISTS (SELECT 1 FROM ledger.companies WHERE location_id = l.location_id AND company_id = $4 AND active) END AS owner_is_active,
            $3 = 'user' OR EXISTS (SELECT 1 FROM ledger.companies WHERE location_id = l.location_id AND company_id = $4) AS owner_exists,
            $3 = 'company' AND EXISTS (SELECT 1 FROM ledger.company_members
              WHERE location_id = l.location_id AND company_id = $4 AND user_id = $2 AND active) AS caller_in_company
     FROM ledger.locations l WHERE l.location_id = $1`,
    [owner.locationId, actor.userId, owner.ownerType, owner.ownerId],
  );
  const row = result.rows[0];
  // Strangers get the same answer as for a location that does not exist (R1: nothing leaks).
  if (!row || (!actor.isOperator && row.caller_role === null)) throw Problems.notFound(`location ${owner.locationId} does not exist`);
  if (!row.owner_exists) throw Problems.notFound(`company ${owner.ownerId} does not exist`);
  return {
    currency: row.currency,
    creditsEnabled: row.credits_enabled,
    callerRole: row.caller_role,
    ownerIsActive: row.owner_is_active,
    callerInCompany: row.caller_in_company,
  };
}

/** Reading a wallet: its user, or the members and managers of its company; the location's admins; operators. */
export async function authorizeWalletRead(db: Pool | PoolClient, owner: WalletOwner, actor: RequestActor): Promise<LocationFacts> {
  const facts = await loadFacts(db, owner, actor);
  const ownsIt = owner.ownerType === 'user' ? actor.userId === owner.ownerId : facts.callerInCompany;
  if (!actor.isOperator && facts.callerRole !== 'admin' && !ownsIt) {
    throw Problems.forbidden(owner.ownerType === 'user' ? 'you can only see your own credits' : 'you can only see the credits of companies you belong to');
  }
  return facts;
}

/**
 * Grants and deductions: admins and operators, on wallets of active members and active companies
 * (a removed member or an archived company gets nothing more), with credits enabled for grants (R2).
 */
export async function authorizeWalletAdmin(db: Pool | PoolClient, owner: WalletOwner, actor: RequestActor): Promise<LocationFacts> {
  const facts = await loadFacts(db, owner, actor);
  if (!actor.isOperator && facts.callerRole !== 'admin') throw Problems.forbidden('only location admins can give or deduct credits');
  if (!facts.ownerIsActive) {
    const who = owner.ownerType === 'user' ? `${owner.ownerId} is not a member` : `company ${owner.ownerId} is not an active company`;
    throw Problems.notFound(`${who} of location ${owner.locationId}`);
  }
  return facts;
}

export function requireCreditsEnabled(facts: LocationFacts, locationId: string): void {
  if (!facts.creditsEnabled) {
    throw Problems.conflict('credits-disabled', 'Credits are disabled', `credits are turned off for location ${locationId}`);
  }
}
