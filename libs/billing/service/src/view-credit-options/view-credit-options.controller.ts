import { BillingRoutes, CreditOptionsQuery, type CreditOptionOfferView } from '@credits/contracts/http';
import { CurrentActor, ParseIdPipe, type RequestActor } from '@credits/platform';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ViewCreditOptionsQuery } from './view-credit-options.handler';

@Controller(BillingRoutes.creditOptions)
export class ViewCreditOptionsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  list(
    @CurrentActor() actor: RequestActor,
    @Param('locationId', ParseIdPipe('location')) locationId: string,
    @Query() query: CreditOptionsQuery,
  ): Promise<CreditOptionOfferView[]> {
    return this.queries.execute<ViewCreditOptionsQuery, CreditOptionOfferView[]>(new ViewCreditOptionsQuery(actor, locationId, query));
  }
}
