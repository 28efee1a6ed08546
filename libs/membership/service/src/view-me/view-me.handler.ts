import type { MeResponse } from '@credits/contracts/http';
import type { RequestActor } from '@credits/platform';
import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import { MEMBERSHIP_POOL } from '../shared/membership.tokens';
import { readMe } from './me.store';

export class ViewMeQuery {
  constructor(readonly actor: RequestActor) {}
}

@QueryHandler(ViewMeQuery)
export class ViewMeHandler implements IQueryHandler<ViewMeQuery, MeResponse> {
  constructor(@Inject(MEMBERSHIP_POOL) private readonly pool: Pool) {}

  execute({ actor }: ViewMeQuery): Promise<MeResponse> {
    return readMe(this.pool, actor);
  }
}
