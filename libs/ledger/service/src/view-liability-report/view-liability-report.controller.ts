import type { LiabilityReportResponse } from '@credits/contracts/http';
import { CurrentActor, ParseIdPipe, type RequestActor } from '@credits/platform';
import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ViewLiabilityReportQuery } from './view-liability-report.handler';

@Controller('v1/locations/:locationId/credits/liability')
export class ViewLiabilityReportController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  report(@CurrentActor() actor: RequestActor, @Param('locationId', ParseIdPipe('location')) locationId: string): Promise<LiabilityReportResponse> {
    return this.queries.execute<ViewLiabilityReportQuery, LiabilityReportResponse>(new ViewLiabilityReportQuery(actor, locationId, new Date()));
  }
}
