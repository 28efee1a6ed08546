import { MEMBER_FACTS_PATH, type MemberFactsResponse } from '@credits/contracts/http';
import { CallingService } from '@credits/platform';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiExcludeController } from '@nestjs/swagger';
import { ViewMemberFactsQuery } from './view-member-facts.handler';

/**
 * Internal, for services only (billing, booking, payments): a member's facts in a location, read
 * when a decision needs them, so a change made a moment ago (a plan assigned, a corporate card
 * allowed) counts at once.
 * Unknown locations, users and companies are facts too (200 with `locationExists: false`, `member:
 * null`, `company.exists: false`): the calling service decides what its caller learns.
 */
@ApiExcludeController()
@Controller()
export class ViewMemberFactsController {
  constructor(private readonly queries: QueryBus) {}

  @Get(MEMBER_FACTS_PATH)
  facts(
    @CallingService() _service: string,
    @Param('locationId') locationId: string,
    @Param('userId') userId: string,
    @Query('companyId') companyId?: string,
  ): Promise<MemberFactsResponse> {
    return this.queries.execute<ViewMemberFactsQuery, MemberFactsResponse>(new ViewMemberFactsQuery(locationId, userId, companyId));
  }
}
