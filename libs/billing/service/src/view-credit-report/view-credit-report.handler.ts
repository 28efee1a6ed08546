import { creditReport, formatHundredths, nextMonth } from '@credits/billing-domain';
import { grantSources, type GrantSource } from '@credits/contracts';
import type { CreditReportResponse } from '@credits/contracts/http';
import type { MemberFactsSource, RequestActor } from '@credits/platform';
import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import { BILLING_POOL, MEMBER_FACTS } from '../shared/billing.tokens';
import { reportAudience } from '../shared/report-audience';
import { creditMovementTotals } from '../shared/reports.store';

export class ViewCreditReportQuery {
  constructor(readonly actor: RequestActor, readonly locationId: string, readonly from: string, readonly to: string) {}
}

/** R17: credits granted by source, spent, deducted, refunded, expired and outstanding per month, in the location's time zone (admins). */
@QueryHandler(ViewCreditReportQuery)
export class ViewCreditReportHandler implements IQueryHandler<ViewCreditReportQuery, CreditReportResponse> {
  constructor(@Inject(BILLING_POOL) private readonly pool: Pool, @Inject(MEMBER_FACTS) private readonly members: MemberFactsSource) {}

  async execute({ actor, locationId, from, to }: ViewCreditReportQuery): Promise<CreditReportResponse> {
    const { facts, months } = await reportAudience(this.members, locationId, actor, from, to);
    const report = creditReport(months, await creditMovementTotals(this.pool, locationId, facts.timezone, nextMonth(to)));
    return {
      locationId,
      timezone: facts.timezone,
      openingOutstanding: formatHundredths(report.openingOutstanding),
      months: report.months.map((month) => ({
        month: month.month,
        granted: Object.fromEntries(grantSources.map((source) => [source, formatHundredths(month.granted[source])])) as Record<GrantSource, string>,
        spent: formatHundredths(month.spent),
        deducted: formatHundredths(month.deducted),
        refunded: formatHundredths(month.refunded),
        expired: formatHundredths(month.expired),
        outstanding: formatHundredths(month.outstanding),
      })),
    };
  }
}
