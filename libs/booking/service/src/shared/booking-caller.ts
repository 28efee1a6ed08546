import type { MemberFactsResponse } from '@credits/contracts/http';
import { Problems, type MemberFactsSource, type RequestActor } from '@credits/platform';

/** The caller inside a location, as membership says now. */
export interface BookingCaller {
  readonly actor: RequestActor;
  readonly facts: MemberFactsResponse;
  /** an active member or admin of the location */
  readonly isMember: boolean;
  /** location admins and platform operators */
  readonly isAdmin: boolean;
}

/**
 * Asks membership who the caller is now. Strangers may see event tickets only (R16), so whether
 * they may go on is for the use case to say; a location that does not exist is 404 for everyone.
 */
export async function loadCaller(members: MemberFactsSource, locationId: string, actor: RequestActor, companyId?: string): Promise<BookingCaller> {
  const facts = await members.facts(locationId, actor.userId, companyId);
  if (!facts.locationExists) throw Problems.notFound(`location ${locationId} does not exist`);
  return { actor, facts, isMember: facts.member !== null, isAdmin: actor.isOperator || facts.member?.role === 'admin' };
}

/** Members, admins and operators see a location; strangers get the same 404 as for a missing one (R1). */
export function requireInside(caller: BookingCaller, locationId: string): void {
  if (!caller.isMember && !caller.isAdmin) throw Problems.notFound(`location ${locationId} does not exist`);
}

export function requireAdmin(caller: BookingCaller, locationId: string, what: string): void {
  requireInside(caller, locationId);
  if (!caller.isAdmin) throw Problems.forbidden(`only location admins can ${what}`);
}
