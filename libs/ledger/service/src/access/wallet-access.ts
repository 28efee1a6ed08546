import type { WalletOwner } from '@credits/contracts';
import { ProblemException, Problems } from '@credits/platform/core';
import type { RequestActor } from '@credits/platform';
import type { AccessCheck } from '../wallets/wallet-command.executor';

/**
 * What the ledger's membership projection says about one wallet and one caller, as read by
 * membership-projection.store.ts: null when the location does not exist.
 */
export type FactsRow = {
  readonly currency: string;
  readonly credits_enabled: boolean;
  /** the caller's active role, null when not a member (or no caller) */
  readonly caller_role: 'member' | 'admin' | null;
  /** the caller was a member and has been removed */
  readonly caller_left: boolean;
  /** the wallet's owner may receive and use credits: an active member, or an active company */
  readonly owner_is_active: boolean;
  /** the wallet's owner is or was a member, or is a company of the location (archived ones included) */
  readonly owner_exists: boolean;
  /** the caller is an active member (or manager) of the company that owns the wallet */
  readonly caller_in_company: boolean;
} | null;

/** What the membership projection says of one location and one caller; null when the location does not exist. */
export type LocationCallerRow = Pick<NonNullable<FactsRow>, 'caller_role' | 'caller_left'> | null;

/**
 * The location, for a person who may ask about it: strangers get the answer a location that does
 * not exist gets (R1: nothing leaks); a removed member, who knows it exists, is told they left.
 */
function locationFor<T extends NonNullable<LocationCallerRow>>(row: T | null, locationId: string, actor: RequestActor): T {
  if (row && (actor.isOperator || row.caller_role !== null)) return row;
  if (row?.caller_left) {
    throw new ProblemException(403, 'not-a-member', 'Not a member', `you are no longer a member of location ${locationId}`);
  }
  throw Problems.notFound(`location ${locationId} does not exist`);
}

/** The liability report (R17): location admins and operators. */
export function authorizeLiabilityReport<T extends NonNullable<LocationCallerRow>>(row: T | null, locationId: string, actor: RequestActor): T {
  const location = locationFor(row, locationId, actor);
  if (!actor.isOperator && location.caller_role !== 'admin') throw Problems.forbidden('only location admins can see the liability report');
  return location;
}

/** Asked once the caller may know: a wallet whose owner never belonged to the location is not there. */
function requireOwnerExists(row: NonNullable<FactsRow>, owner: WalletOwner): void {
  if (row.owner_exists) return;
  throw Problems.notFound(
    owner.ownerType === 'user' ? `${owner.ownerId} is not a member of location ${owner.locationId}` : `company ${owner.ownerId} does not exist`,
  );
}

/**
 * Reading a wallet: its user, or the members and managers of its company; the location's admins;
 * operators. Wallets of removed members and archived companies stay readable (their history is
 * kept, R18); a wallet of someone who never belonged to the location is 404, as a grant to them is.
 */
export function authorizeWalletReadOn(row: FactsRow, owner: WalletOwner, actor: RequestActor): void {
  const location = locationFor(row, owner.locationId, actor);
  const ownsIt = owner.ownerType === 'user' ? actor.userId === owner.ownerId : location.caller_in_company;
  if (!actor.isOperator && location.caller_role !== 'admin' && !ownsIt) {
    throw Problems.forbidden(owner.ownerType === 'user' ? 'you can only see your own credits' : 'you can only see the credits of companies you belong to');
  }
  requireOwnerExists(location, owner);
}

/**
 * Who may give or take credits: admins and operators, on a wallet whose owner is or was in the
 * location. Checked before a stored answer is looked at, so a caller it refuses learns nothing of
 * the key (see AccessCheck).
 */
function authorizeWalletAdmin(row: FactsRow, owner: WalletOwner, actor: RequestActor): void {
  const location = locationFor(row, owner.locationId, actor);
  if (!actor.isOperator && location.caller_role !== 'admin') throw Problems.forbidden('only location admins can give or deduct credits');
  requireOwnerExists(location, owner);
}

/** A new grant: only to active members and active companies, with credits enabled (R2). */
function requireGrantable(row: FactsRow, owner: WalletOwner): void {
  if (!row?.owner_is_active) {
    const who = owner.ownerType === 'user' ? `${owner.ownerId} is not a member` : `company ${owner.ownerId} is not an active company`;
    throw Problems.notFound(`${who} of location ${owner.locationId}`);
  }
  requireCreditsEnabled(row, owner.locationId);
}

/** Grants (R5): an admin's; a retry of an answered key gets its answer even if the owner has left or credits are off by now. */
export const grantAccess = (owner: WalletOwner, actor: RequestActor): AccessCheck => ({
  callerId: actor.userId,
  authorize: (facts) => authorizeWalletAdmin(facts, owner, actor),
  check: (facts) => requireGrantable(facts, owner),
});

/**
 * Deductions (R6): an admin's, from any wallet of the location, those of removed members and archived
 * companies included (their remaining credits can be taken away), with credits on or off.
 */
export const deductionAccess = (owner: WalletOwner, actor: RequestActor): AccessCheck => ({
  callerId: actor.userId,
  authorize: (facts) => authorizeWalletAdmin(facts, owner, actor),
});

function requireCreditsEnabled(facts: NonNullable<FactsRow>, locationId: string): void {
  if (!facts.credits_enabled) {
    throw Problems.conflict('credits-disabled', 'Credits are disabled', `credits are turned off for location ${locationId}`);
  }
}

/** Spends and holds by a service (R2, R8): credits enabled, and the owner still an active member or company. */
export function requireSpender(row: FactsRow, owner: WalletOwner): void {
  if (!row) throw Problems.notFound(`location ${owner.locationId} does not exist`);
  requireCreditsEnabled(row, owner.locationId);
  if (!row.owner_is_active) {
    const who = owner.ownerType === 'user' ? `${owner.ownerId} is not an active member` : `company ${owner.ownerId} is not an active company`;
    throw Problems.conflict('not-an-active-member', 'Not an active member', `${who} of location ${owner.locationId}`);
  }
}
