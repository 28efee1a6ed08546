import type { WalletOwner } from '@credits/contracts';
import { Problems } from '@credits/platform/core';
import type { RequestActor } from '@credits/platform';
import type { Pool, PoolClient } from 'pg';

/**
 * What the ledger's membership projection says about one wallet and one caller, as read by
 * locationFactsSql: null when the location does not exist.
 */
export type FactsRow = {
  readonly currency: string;
  readonly credits_enabled: boolean;
  /** the caller's active role, null when not a member (or no caller) */
  readonly caller_role: 'member' | 'admin' | null;
  /** the wallet's owner may receive and use credits: an active member, or an active company */
  readonly owner_is_active: boolean;
  readonly owner_exists: boolean;
  /** the caller is an active member (or manager) of the company that owns the wallet */
  readonly caller_in_company: boolean;
} | null;

/**
 * The facts for many (location, caller, owner type, owner id) at once, given as four text arrays in
 * the parameters named by `params`, as one JSON array in their order: grants and spends of a batch
 * are checked with one statement.
 */
export function locationFactsSql(params: readonly [string, string, string, string]): string {
  const [locations, callers, ownerTypes, ownerIds] = params;
  return `
    SELECT coalesce(json_agg(CASE WHEN l.location_id IS NULL THEN NULL ELSE json_build_object(
             'currency', l.currency, 'credits_enabled', l.credits_enabled,
             'caller_role', (SELECT role FROM ledger.members WHERE location_id = l.location_id AND user_id = k.caller AND active),
             'owner_is_active', CASE WHEN k.owner_type = 'user'
               THEN EXISTS (SELECT 1 FROM ledger.members WHERE location_id = l.location_id AND user_id = k.owner_id AND active)
               ELSE EXISTS (SELECT 1 FROM ledger.companies WHERE location_id = l.location_id AND company_id = k.owner_id AND active) END,
             'owner_exists', k.owner_type = 'user' OR EXISTS (SELECT 1 FROM ledger.companies WHERE location_id = l.location_id AND company_id = k.owner_id),
             'caller_in_company', k.owner_type = 'company' AND EXISTS (SELECT 1 FROM ledger.company_members
               WHERE location_id = l.location_id AND company_id = k.owner_id AND user_id = k.caller AND active)) END ORDER BY k.n), '[]')
    FROM unnest(${locations}::text[], ${callers}::text[], ${ownerTypes}::text[], ${ownerIds}::text[]) WITH ORDINALITY AS k(location_id, caller, owner_type, owner_id, n)
    LEFT JOIN ledger.locations l ON l.location_id = k.location_id`;
}

/** The parameters of locationFactsSql for these wallets and callers (null: a service, not a person). */
export function locationFactsParams(checks: readonly { owner: WalletOwner; callerId: string | null }[]): string[][] {
  return [
    checks.map(({ owner }) => owner.locationId),
    checks.map(({ callerId }) => callerId ?? ''),
    checks.map(({ owner }) => owner.ownerType),
    checks.map(({ owner }) => owner.ownerId),
  ];
}

export interface LocationFacts {
  readonly currency: string;
  readonly creditsEnabled: boolean;
  readonly callerRole: 'member' | 'admin' | null;
  readonly ownerIsActive: boolean;
  readonly callerInCompany: boolean;
}

/** The facts for a person's request; strangers get the same answer as for a location that does not exist (R1: nothing leaks). */
function factsFor(row: FactsRow, owner: WalletOwner, actor: RequestActor): LocationFacts {
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

const ONE_WALLET_FACTS_SQL = `SELECT (${locationFactsSql(['$1', '$2', '$3', '$4'])}) AS facts`;

/** Reading a wallet: its user, or the members and managers of its company; the location's admins; operators. */
export async function authorizeWalletRead(db: Pool | PoolClient, owner: WalletOwner, actor: RequestActor): Promise<LocationFacts> {
  const result = await db.query<{ facts: FactsRow[] }>(ONE_WALLET_FACTS_SQL, locationFactsParams([{ owner, callerId: actor.userId }]));
  const facts = factsFor(result.rows[0].facts[0], owner, actor);
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
export function authorizeWalletAdmin(row: FactsRow, owner: WalletOwner, actor: RequestActor): LocationFacts {
  const facts = factsFor(row, owner, actor);
  if (!actor.isOperator && facts.callerRole !== 'admin') throw Problems.forbidden('only location admins can give or deduct credits');
  if (!facts.ownerIsActive) {
    const who = owner.ownerType === 'user' ? `${owner.ownerId} is not a member` : `company ${owner.ownerId} is not an active company`;
    throw Problems.notFound(`${who} of location ${owner.locationId}`);
  }
  return facts;
}

export function requireCreditsEnabled(facts: { readonly creditsEnabled: boolean }, locationId: string): void {
  if (!facts.creditsEnabled) {
    throw Problems.conflict('credits-disabled', 'Credits are disabled', `credits are turned off for location ${locationId}`);
  }
}

/** Spends and holds by a service (R2, R8): credits enabled, and the owner still an active member or company. */
export function requireSpender(row: FactsRow, owner: WalletOwner): void {
  if (!row) throw Problems.notFound(`location ${owner.locationId} does not exist`);
  requireCreditsEnabled({ creditsEnabled: row.credits_enabled }, owner.locationId);
  if (!row.owner_is_active) {
    const who = owner.ownerType === 'user' ? `${owner.ownerId} is not an active member` : `company ${owner.ownerId} is not an active company`;
    throw Problems.conflict('not-an-active-member', 'Not an active member', `${who} of location ${owner.locationId}`);
  }
}
