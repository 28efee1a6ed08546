import { nextMonth, revenueReport } from '@credits/billing-domain';
import { revenueSources, type RevenueReportResponse } from '@credits/contracts/http';
import type { MemberFactsSource, RequestActor } from '@credits/platform';
import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import { BILLING_POOL, MEMBER_FACTS } from '../shared/billing.tokens';
import { reportAudience } from '../shared/report-audience';
import { revenueTotals } from '../shared/reports.store';

export class ViewRevenueReportQuery {
  constructor(readonly actor: RequestActor, readonly locationId: string, readonly from: string, readonly to: string) {}
}

const toMinorUnits = (amount: bigint): number => {
  if (amount > BigInt(Number.MAX_SAFE_INTEGER) || amount < BigInt(Number.MIN_SAFE_INTEGER)) throw new Error(`revenue ${amount} is beyond exact JSON numbers`);
  return Number(amount);
};

/** R17: money taken per month and source, less refunds, in the location's time zone (admins). */
@QueryHandler(ViewRevenueReportQuery)
export class ViewRevenueReportHandler implements IQueryHandler<ViewRevenueReportQuery, RevenueReportResponse> {
  constructor(@Inject(BILLING_POOL) private readonly pool: Pool, @Inject(MEMBER_FACTS) private readonly members: MemberFactsSource) {}

  async execute({ actor, locationId, from, to }: ViewRevenueReportQuery): Promise<RevenueReportResponse> {
    const { facts, months } = await reportAudience(this.members, locationId, actor, from, to);
    const totals = await revenueTotals(this.pool, locationId, facts.timezone, from, nextMonth(to));
    return {
      locationId,
      currency: facts.currency,
      timezone: facts.timezone,
      months: revenueReport(months, facts.currency, revenueSources, totals).map(({ month, sources }) => ({
        month,
        sources: sources.map((line) => ({
          source: line.source,
          currency: line.currency,
          received: { amount: toMinorUnits(line.received), currency: line.currency },
          refunded: { amount: toMinorUnits(line.refunded), currency: line.currency },
          net: toMinorUnits(line.net),
        })),
      })),
    };
  }
}
