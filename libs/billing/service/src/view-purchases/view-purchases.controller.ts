import { BillingRoutes, CreditPurchasesQuery, type CreditPurchaseResponse } from '@credits/contracts/http';
import { CurrentActor, ParseIdPipe, type RequestActor } from '@credits/platform';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ViewPurchaseQuery, ViewPurchasesQuery } from './view-purchases.handler';

@Controller(BillingRoutes.creditPurchases)
export class ViewPurchasesController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  list(
    @CurrentActor() actor: RequestActor,
    @Param('locationId', ParseIdPipe('location')) locationId: string,
    @Query() query: CreditPurchasesQuery,
  ): Promise<CreditPurchaseResponse[]> {
    return this.queries.execute<ViewPurchasesQuery, CreditPurchaseResponse[]>(new ViewPurchasesQuery(actor, locationId, query));
  }

  @Get(':purchaseId')
  get(
    @CurrentActor() actor: RequestActor,
    @Param('locationId', ParseIdPipe('location')) locationId: string,
    @Param('purchaseId') purchaseId: string,
  ): Promise<CreditPurchaseResponse> {
    return this.queries.execute<ViewPurchaseQuery, CreditPurchaseResponse>(new ViewPurchaseQuery(actor, locationId, purchaseId));
  }
}
