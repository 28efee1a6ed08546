import { memberFactsPath, type MemberFactsResponse } from '@credits/contracts/http';
import type { InternalHttpClient } from './internal-http.client';
import { Problems } from './problem-details';

/** Where a service learns a member's facts: membership, asked at the moment of the decision (read-your-writes). */
export interface MemberFactsSource {
  facts(locationId: string, userId: string, companyId?: string): Promise<MemberFactsResponse>;
}

export class MembershipFactsClient implements MemberFactsSource {
  constructor(private readonly membership: InternalHttpClient) {}

  async facts(locationId: string, userId: string, companyId?: string): Promise<MemberFactsResponse> {
    const reply = await this.membership.call<MemberFactsResponse>('GET', memberFactsPath(locationId, userId, companyId));
    if (reply.status !== 200) throw Problems.unavailable(`membership could not say who you are in this location (it answered ${reply.status})`);
    return reply.body;
  }
}
