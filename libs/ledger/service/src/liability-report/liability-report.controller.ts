import { LiabilityReportResponse } from '@credits/contracts/http';
import { CurrentActor, ParseIdPipe, Problems, type RequestActor } from '@credits/platform';
import { Controller, Get, Inject, Param } from '@nestjs/common';
import type { Pool } from 'pg';
import { LEDGER_POOL } from '../shared/ledger.tokens';
import { liabilityReport } from './liability-report.query';

@Controller('v1/locations/:locationId/credits/liability')
export class LiabilityReportController {
  constructor(@Inject(LEDGER_POOL) private readonly pool: Pool) {}

  /** Location admins and operators; from the ledger's membership projection. */
  @Get()
  async report(@CurrentActor() actor: RequestActor, @Param('locationId', ParseIdPipe('location')) locationId: string): Promise<LiabilityReportResponse> {
    const result = await this.pool.query<{ currency: string; caller_role: string | null }>(
      `SELECT l.currency, (SELECT role FROM ledger.members m WHERE m.location_id = l.location_id AND m.user_id = $2 AND m.active) AS caller_role
       FROM ledger.locations l WHERE l.location_id = $1`,
      [locationId, actor.userId],
    );
    const location = result.rows[0];
    // Strangers learn nothing, not even that the location exists (R1).
    if (!location || (!actor.isOperator && location.caller_role === null)) throw Problems.notFound(`location ${locationId} does not exist`);
    if (!actor.isOperator && location.caller_role !== 'admin') throw Problems.forbidden('only location admins can see the liability report');
    return liabilityReport(this.pool, locationId, location.currency, new Date());
  }
}
