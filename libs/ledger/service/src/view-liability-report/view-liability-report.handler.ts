import type { LiabilityReportResponse } from '@credits/contracts/http';
import type { RequestActor } from '@credits/platform';
import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import { locationCaller } from '../membership-projection/membership-projection.store';
import { authorizeLiabilityReport } from '../access/wallet-access';
import { LEDGER_POOL } from '../shared/ledger.tokens';
import { liabilityRows } from './liability-report.store';
import { liabilityReportView } from './liability-report.view';

export class ViewLiabilityReportQuery {
  constructor(
    readonly actor: RequestActor,
    readonly locationId: string,
    readonly now: Date,
  ) {}
}

/** Location admins and operators; from the ledger's membership projection and wallet rows. */
@QueryHandler(ViewLiabilityReportQuery)
export class ViewLiabilityReportHandler implements IQueryHandler<ViewLiabilityReportQuery, LiabilityReportResponse> {
  constructor(@Inject(LEDGER_POOL) private readonly pool: Pool) {}

  async execute({ actor, locationId, now }: ViewLiabilityReportQuery): Promise<LiabilityReportResponse> {
    const { currency } = authorizeLiabilityReport(await locationCaller(this.pool, locationId, actor.userId), locationId, actor);
    return liabilityReportView(await liabilityRows(this.pool, locationId, currency, now), locationId, currency, now);
  }
}
