import { ApiRoutes, QuoteQuery, type QuoteResponse } from '@credits/contracts/http';
import { CurrentActor, ParseIdPipe, type RequestActor } from '@credits/platform';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ViewQuoteQuery } from './view-quote.handler';

@Controller(ApiRoutes.resourceQuote)
export class ViewQuoteController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  quote(
    @CurrentActor() actor: RequestActor,
    @Param('locationId', ParseIdPipe('location')) locationId: string,
    @Param('resourceId', ParseIdPipe('resource')) resourceId: string,
    @Query() query: QuoteQuery,
  ): Promise<QuoteResponse> {
    const { companyId, start, end, date, quantity } = query;
    return this.queries.execute(new ViewQuoteQuery(actor, locationId, resourceId, { start, end, date, quantity }, companyId));
  }
}
