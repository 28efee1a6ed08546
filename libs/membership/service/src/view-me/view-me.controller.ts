import type { MeResponse } from '@credits/contracts/http';
import { CurrentActor, type RequestActor } from '@credits/platform';
import { Controller, Get, Inject } from '@nestjs/common';
import type { Pool } from 'pg';
import { MEMBERSHIP_POOL } from '../shared/membership.tokens';
import { readMe } from './me.query';

/** Where the caller belongs: every caller may ask, a stranger gets no locations. */
@Controller('v1/me')
export class ViewMeController {
  constructor(@Inject(MEMBERSHIP_POOL) private readonly pool: Pool) {}

  @Get()
  async me(@CurrentActor() actor: RequestActor): Promise<MeResponse> {
    return readMe(this.pool, actor);
  }
}
