import type { PlanHolder } from '@credits/contracts';
import {
  InternalHttpClient,
  MembershipFactsClient as SharedMembershipFactsClient,
  Problems,
  ServiceNames,
  type InternalTokens,
  type MemberFactsSource,
  type RequestActor,
} from '@credits/platform';

export type LocationRole = 'admin' | 'member';

/** The shared member-facts client, calling membership as the payments service. */
export class MembershipFactsClient extends SharedMembershipFactsClient {
  constructor(baseUrl: string, tokens: InternalTokens) {
    super(new InternalHttpClient(ServiceNames.payments, ServiceNames.membership, baseUrl, tokens));
  }
}

/** The caller's role in the location; strangers learn nothing (404 as for a missing location). Operators act as admins. */
export async function locationRole(memberFacts: MemberFactsSource, locationId: string, actor: RequestActor): Promise<LocationRole> {
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
export async function assertCreditsReceivable(memberFacts: MemberFactsSource, locationId: string, payer: PlanHolder, askedBy: string): Promise<void> {
  const facts = payer.type === 'user' ? await memberFacts.facts(locationId, payer.id) : await memberFacts.facts(locationId, askedBy, payer.id);
  if (!facts.creditsEnabled) {
    throw Problems.conflict('credits-disabled', 'Credits are turned off', 'credits are turned off for this location: refund to the card instead');
  }
  const present = payer.type === 'user' ? facts.member !== null : facts.company?.exists === true && !facts.company.archived;
  if (!present) {
    throw Problems.conflict('payer-gone', 'The payer cannot receive credits', `${payer.type} ${payer.id} is no longer in this location: refund to the card instead`);
  }
}
