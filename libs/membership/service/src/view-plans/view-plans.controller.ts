import { PlanResponse } from '@credits/contracts/http';
import { CurrentActor, ParseIdPipe, type RequestActor } from '@credits/platform';
import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ViewPlanQuery, ViewPlansQuery } from './view-plans.handler';

@Controller('v1/locations/:locationId/plans')
export class ViewPlansController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  list(@CurrentActor() actor: RequestActor, @Param('locationId', ParseIdPipe('location')) locationId: string): Promise<PlanResponse[]> {
    return this.queries.execute<ViewPlansQuery, PlanResponse[]>(new ViewPlansQuery(actor, locationId));
  }

  @Get(':planId')
  get(
    @CurrentActor() actor: RequestActor,
    @Param('locationId', ParseIdPipe('location')) locationId: string,
    @Param('planId') planId: string,
  ): Promise<PlanResponse> {
    return this.queries.execute<ViewPlanQuery, PlanResponse>(new ViewPlanQuery(actor, locationId, planId));
  }
}
