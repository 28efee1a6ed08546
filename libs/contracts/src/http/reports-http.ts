import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { grantSources } from '../ledger/ledger.events';
import { UUID_SCHEMA } from './api-routes';
import { MoneyView } from './ledger-internal-http';

/** Monthly reports (DESIGN R17, section 6.1): the gateway serves these paths, billing answers them. */
export const ReportRoutes = {
  revenue: 'v1/locations/:locationId/reports/revenue',
  credits: 'v1/locations/:locationId/reports/credits',
} as const;

/** The longest range one report covers, in months (both ends included). */
export const MAX_REPORT_MONTHS = 36;
const YEAR_MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const MONTH_PROPERTY = { pattern: YEAR_MONTH.source, example: '2026-11', description: 'a calendar month in the location’s time zone (YYYY-MM)' } as const;
const CREDITS = { pattern: '^\\d+\\.\\d{2}$', description: 'credits as a decimal string' } as const;

/** Revenue sources: money the location took, by what it was for. `unattributed` only for a refund whose payment was never seen. */
export const revenueSources = ['credit-purchases', 'bookings'] as const;
export type RevenueSource = (typeof revenueSources)[number];

/** `from` and `to` are both included; `to` not before `from`, at most MAX_REPORT_MONTHS months. */
export class ReportMonthsQuery {
  @ApiProperty({ ...MONTH_PROPERTY, description: 'first month of the report (YYYY-MM), in the location’s time zone' })
  @Matches(YEAR_MONTH, { message: 'from must be a month as YYYY-MM, e.g. 2026-11' })
  from: string;

  @ApiProperty({ ...MONTH_PROPERTY, description: `last month of the report (YYYY-MM), not before \`from\`, at most ${MAX_REPORT_MONTHS} months after it counted inclusively` })
  @Matches(YEAR_MONTH, { message: 'to must be a month as YYYY-MM, e.g. 2026-12' })
  to: string;
}

export class RevenueBySourceView {
  @ApiProperty({ enum: [...revenueSources, 'unattributed'], example: 'credit-purchases' }) source: string;
  @ApiProperty({ type: MoneyView, description: 'money taken in the month: card purchases when paid, bill purchases when billed, booking card payments when paid' })
  received: MoneyView;
  @ApiProperty({ type: MoneyView, description: 'money refunded in the month (as money or as credits), whenever it was taken' }) refunded: MoneyView;
  @ApiProperty({ type: 'integer', example: 900, description: 'received less refunded, in minor units of `currency` (may be negative)' }) net: number;
  @ApiProperty({ pattern: '^[A-Z]{3}$', example: 'EUR' }) currency: string;
}

export class RevenueMonthView {
  @ApiProperty(MONTH_PROPERTY) month: string;
  @ApiProperty({ type: [RevenueBySourceView], description: 'every source, zeros included, in the location’s currency (money in another currency, if any, as extra rows)' })
  sources: RevenueBySourceView[];
}

export class RevenueReportResponse {
  @ApiProperty(UUID_SCHEMA) locationId: string;
  @ApiProperty({ pattern: '^[A-Z]{3}$', example: 'EUR' }) currency: string;
  @ApiProperty({ example: 'Europe/Berlin', description: 'the IANA time zone the months are in' }) timezone: string;
  @ApiProperty({ type: [RevenueMonthView], description: 'one entry per month from `from` to `to`, in order' }) months: RevenueMonthView[];
}

export class GrantedBySourceView {
  @ApiProperty({ ...CREDITS, example: '20.00' }) plan: string;
  @ApiProperty({ ...CREDITS, example: '5.00' }) admin: string;
  @ApiProperty({ ...CREDITS, example: '10.00' }) purchase: string;
  @ApiProperty({ ...CREDITS, example: '0.00', description: 'money refunds settled as credits' }) refund: string;
  @ApiProperty({ ...CREDITS, example: '0.00' }) rollover: string;
}

export class CreditMonthView {
  @ApiProperty(MONTH_PROPERTY) month: string;
  @ApiProperty({ type: GrantedBySourceView, description: `credits granted in the month, by source (${grantSources.join(', ')})` }) granted: GrantedBySourceView;
  @ApiProperty({ ...CREDITS, example: '12.50', description: 'spent, holds captured included' }) spent: string;
  @ApiProperty({ ...CREDITS, example: '5.00', description: 'taken by admins' }) deducted: string;
  @ApiProperty({ ...CREDITS, example: '2.00', description: 'given back for cancelled spends' }) refunded: string;
  @ApiProperty({ ...CREDITS, example: '15.00', description: 'expired unused' }) expired: string;
  @ApiProperty({ ...CREDITS, example: '42.50', description: 'in wallets at the month’s end (held credits included): everything granted less spent, deducted and expired, plus refunded' })
  outstanding: string;
}

export class CreditReportResponse {
  @ApiProperty(UUID_SCHEMA) locationId: string;
  @ApiProperty({ example: 'Europe/Berlin', description: 'the IANA time zone the months are in' }) timezone: string;
  @ApiProperty({ ...CREDITS, example: '30.00', description: 'outstanding at the start of `from`' }) openingOutstanding: string;
  @ApiProperty({ type: [CreditMonthView], description: 'one entry per month from `from` to `to`, in order' }) months: CreditMonthView[];
}
