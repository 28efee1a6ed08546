import { ReportRoutes, ReportMonthsQuery, type CreditReportResponse } from '@credits/contracts/http';
import { CurrentActor, ParseIdPipe, type RequestActor } from '@credits/platform';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ViewCreditReportQuery } from './view-credit-report.handler';

@Controller(ReportRoutes.credits)
export class ViewCreditReportController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  async view(@CurrentActor() actor: RequestActor, @Param('locationId', ParseIdPipe('location')) locationId: string, @Query() query: ReportMonthsQuery): Promise<CreditReportResponse> {
    return this.queries.execute(new ViewCreditReportQuery(actor, locationId, query.from, query.to));
  }
}
