import type { MemberFactsResponse } from '@credits/contracts/http';
import { Problems } from '@credits/platform/core';
import type { MemberFactsSource, RequestActor } from '@credits/platform';

/** The caller inside a location, as membership says now. */
export interface BillingCaller {
  readonly actor: RequestActor;
  readonly facts: MemberFactsResponse;
  /** location admins and platform operators */
  readonly isAdmin: boolean;
}

/** Members, admins and operators see a location; strangers get the same 404 as for a missing one (R1). */
export function visibleCaller(facts: MemberFactsResponse, actor: RequestActor, locationId: string): BillingCaller {
  if (!facts.locationExists || (!actor.isOperator && facts.member === null)) throw Problems.notFound(`location ${locationId} does not exist`);
  return { actor, facts, isAdmin: actor.isOperator || facts.member?.role === 'admin' };
}

export function requireAdmin(caller: BillingCaller, what: string): void {
  if (!caller.isAdmin) throw Problems.forbidden(`only location admins can ${what}`);
}

/** R2: with credits off there are no credit prices and no purchases. */
export function requireCreditsEnabled(facts: MemberFactsResponse, locationId: string): void {
  if (!facts.creditsEnabled) throw Problems.conflict('credits-disabled', 'Credits are disabled', `credits are turned off for location ${locationId}`);
}

/**
 * Who may see purchases and bills of a holder: admins all; a member their own (userId = themselves);
 * a company's managers the company's. `facts.company` must be there for a company.
 */
export function requireHolderVisible(caller: BillingCaller, holder: { ownerType: 'user' | 'company'; ownerId: string }): void {
  if (caller.isAdmin) return;
  if (holder.ownerType === 'user') {
    if (holder.ownerId !== caller.actor.userId) throw Problems.forbidden('you can only see your own purchases and bills');
    return;
  }
  if (!caller.facts.company?.isManager) throw Problems.forbidden(`only managers of company ${holder.ownerId} can see its purchases and bills`);
}

/** Asks membership who the caller is in the location now; strangers get 404. */
export async function loadCaller(members: MemberFactsSource, locationId: string, actor: RequestActor, companyId?: string): Promise<BillingCaller> {
  return visibleCaller(await members.facts(locationId, actor.userId, companyId), actor, locationId);
}
