import { CompanyResponse } from '@credits/contracts/http';
import { CurrentActor, ParseIdPipe, type RequestActor } from '@credits/platform';
import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ViewCompaniesQuery, ViewCompanyQuery } from './view-companies.handler';

@Controller('v1/locations/:locationId/companies')
export class ViewCompaniesController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  list(@CurrentActor() actor: RequestActor, @Param('locationId', ParseIdPipe('location')) locationId: string): Promise<CompanyResponse[]> {
    return this.queries.execute<ViewCompaniesQuery, CompanyResponse[]>(new ViewCompaniesQuery(actor, locationId));
  }

  @Get(':companyId')
  get(
    @CurrentActor() actor: RequestActor,
    @Param('locationId', ParseIdPipe('location')) locationId: string,
    @Param('companyId') companyId: string,
  ): Promise<CompanyResponse> {
    return this.queries.execute<ViewCompanyQuery, CompanyResponse>(new ViewCompanyQuery(actor, locationId, companyId));
  }
}
