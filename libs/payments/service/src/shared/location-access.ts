import { memberFactsPath, type MemberFactsResponse } from '@credits/contracts/http';
import type { PlanHolder } from '@credits/contracts';
import { InternalTokens, ProblemException, Problems, ServiceNames, currentContext, type RequestActor } from '@credits/platform';

export type LocationRole = 'admin' | 'member';

/** What payments asks membership about a caller, synchronously, so a role changed a moment ago counts. */
export interface MemberFacts {
  facts(locationId: string, userId: string, companyId?: string): Promise<MemberFactsResponse>;
}

/** Membership's internal member-facts API, called as the payments service itself. */
export class MembershipFactsClient implements MemberFacts {
  constructor(private readonly baseUrl: string, private readonly tokens: InternalTokens) {}

  async facts(locationId: string, userId: string, companyId?: string): Promise<MemberFactsResponse> {
    const token = this.tokens.sign({ iss: ServiceNames.payments, aud: ServiceNames.membership, rid: currentContext()?.causationId });
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${memberFactsPath(locationId, userId, companyId)}`, {
        headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
        signal: AbortSignal.timeout(10000),
      });
    } catch (error) {
      throw Object.assign(Problems.unavailable('membership did not answer'), { cause: error });
    }
    if (!response.ok) throw new ProblemException(503, 'unavailable', 'Temporarily unavailable', `membership answered ${response.status}`);
    return (await response.json()) as MemberFactsResponse;
  }
}

/** The caller's role in the location; strangers learn nothing (404 as for a missing location). Operators act as admins. */
export async function locationRole(memberFacts: MemberFacts, locationId: string, actor: RequestActor): Promise<LocationRole> {
  const facts = await memberFacts.facts(locationId, actor.userId);
  const hidden = Problems.notFound(`location ${locationId} does not exist`);
  if (!facts.locationExists) throw hidden;
  if (actor.isOperator) return 'admin';
  if (facts.member === null) throw hidden;
  return facts.member.role;
}

/**
 * Credits given instead of money must be able to land (R2, R15): credits on in the location and the
 * payer still a member (or an active company of it). Otherwise the ledger would refuse the grant
 * after the money was kept, so the refund is refused now and can go to the card instead.
 */
export async function assertCreditsReceivable(memberFacts: MemberFacts, locationId: string, payer: PlanHolder, askedBy: string): Promise<void> {
  const facts = payer.type === 'user' ? await memberFacts.facts(locationId, payer.id) : await memberFacts.facts(locationId, askedBy, payer.id);
  if (!facts.creditsEnabled) {
    throw Problems.conflict('credits-disabled', 'Credits are turned off', 'credits are turned off for this location: refund to the card instead');
  }
  const present = payer.type === 'user' ? facts.member !== null : facts.company?.exists === true && !facts.company.archived;
  if (!present) {
    throw Problems.conflict('payer-gone', 'The payer cannot receive credits', `${payer.type} ${payer.id} is no longer in this location: refund to the card instead`);
  }
}
