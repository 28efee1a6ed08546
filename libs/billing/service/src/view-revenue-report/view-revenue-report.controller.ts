import { ReportRoutes, ReportMonthsQuery, type RevenueReportResponse } from '@credits/contracts/http';
import { CurrentActor, ParseIdPipe, type RequestActor } from '@credits/platform';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ViewRevenueReportQuery } from './view-revenue-report.handler';

@Controller(ReportRoutes.revenue)
export class ViewRevenueReportController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  async view(@CurrentActor() actor: RequestActor, @Param('locationId', ParseIdPipe('location')) locationId: string, @Query() query: ReportMonthsQuery): Promise<RevenueReportResponse> {
    return this.queries.execute(new ViewRevenueReportQuery(actor, locationId, query.from, query.to));
  }
}
