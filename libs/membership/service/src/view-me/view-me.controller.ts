import type { MeResponse } from '@credits/contracts/http';
import { CurrentActor, type RequestActor } from '@credits/platform';
import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ViewMeQuery } from './view-me.handler';

/** Where the caller belongs: every caller may ask, a stranger gets no locations. */
@Controller('v1/me')
export class ViewMeController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  me(@CurrentActor() actor: RequestActor): Promise<MeResponse> {
    return this.queries.execute<ViewMeQuery, MeResponse>(new ViewMeQuery(actor));
  }
}
