import { LocationResponse, MemberResponse } from '@credits/contracts/http';
import { CurrentActor, ParseIdPipe, ParseUserIdPipe, type RequestActor } from '@credits/platform';
import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ViewLocationQuery, ViewMemberQuery, ViewMembersQuery } from './view-location.handler';

@Controller('v1/locations/:locationId')
export class ViewLocationController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  location(@CurrentActor() actor: RequestActor, @Param('locationId', ParseIdPipe('location')) locationId: string): Promise<LocationResponse> {
    return this.queries.execute<ViewLocationQuery, LocationResponse>(new ViewLocationQuery(actor, locationId));
  }

  @Get('members')
  members(@CurrentActor() actor: RequestActor, @Param('locationId', ParseIdPipe('location')) locationId: string): Promise<MemberResponse[]> {
    return this.queries.execute<ViewMembersQuery, MemberResponse[]>(new ViewMembersQuery(actor, locationId));
  }

  @Get('members/:userId')
  member(
    @CurrentActor() actor: RequestActor,
    @Param('locationId', ParseIdPipe('location')) locationId: string,
    @Param('userId', ParseUserIdPipe) userId: string,
  ): Promise<MemberResponse> {
    return this.queries.execute<ViewMemberQuery, MemberResponse>(new ViewMemberQuery(actor, locationId, userId));
  }
}
