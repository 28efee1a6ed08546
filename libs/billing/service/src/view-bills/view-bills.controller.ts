import { BillingRoutes, BillsQuery, type BillResponse } from '@credits/contracts/http';
import { CurrentActor, ParseIdPipe, type RequestActor } from '@credits/platform';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ViewBillsQuery } from './view-bills.handler';

@Controller(BillingRoutes.bills)
export class ViewBillsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  list(@CurrentActor() actor: RequestActor, @Param('locationId', ParseIdPipe('location')) locationId: string, @Query() query: BillsQuery): Promise<BillResponse[]> {
    return this.queries.execute<ViewBillsQuery, BillResponse[]>(new ViewBillsQuery(actor, locationId, query));
  }
}
