import { creditReport, nextMonth } from '@credits/billing-domain';
import { creditsToText, grantSources, type GrantSource } from '@credits/contracts';
import type { CreditReportResponse } from '@credits/contracts/http';
import type { MemberFactsSource, RequestActor } from '@credits/platform';
import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import { BILLING_POOL, MEMBER_FACTS } from '../shared/billing.tokens';
import { reportAudience } from '../shared/report-audience';
import { creditMovementTotals } from '../shared/reports.store';

// Sums are exact bigints; each wallet's events arrive in order, so none is negative.
const text = (hundredths: bigint): string => creditsToText(Number(hundredths));

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
      openingOutstanding: text(report.openingOutstanding),
      months: report.months.map((month) => ({
        month: month.month,
        granted: Object.fromEntries(grantSources.map((source) => [source, text(month.granted[source])])) as Record<GrantSource, string>,
        spent: text(month.spent),
        deducted: text(month.deducted),
        refunded: text(month.refunded),
        expired: text(month.expired),
        outstanding: text(month.outstanding),
      })),
    };
  }
}
