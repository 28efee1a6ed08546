import { ApiRoutes, ResourcesQuery, type ResourceResponse } from '@credits/contracts/http';
import { CurrentActor, ParseIdPipe, type RequestActor } from '@credits/platform';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ViewResourcesQuery } from './view-resources.handler';

@Controller()
export class ViewResourcesController {
  constructor(private readonly queries: QueryBus) {}

  @Get(ApiRoutes.resources)
  list(@CurrentActor() actor: RequestActor, @Param('locationId', ParseIdPipe('location')) locationId: string, @Query() query: ResourcesQuery): Promise<ResourceResponse[]> {
    return this.queries.execute(new ViewResourcesQuery(actor, locationId, { type: query.type, status: query.status }));
  }

  @Get(ApiRoutes.resource)
  one(
    @CurrentActor() actor: RequestActor,
    @Param('locationId', ParseIdPipe('location')) locationId: string,
    @Param('resourceId', ParseIdPipe('resource')) resourceId: string,
  ): Promise<ResourceResponse> {
    return this.queries.execute(new ViewResourcesQuery(actor, locationId, { resourceId }));
  }
}
