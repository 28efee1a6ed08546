import { ReportRoutes, CreditReportResponse, ReportMonthsQuery, RevenueReportResponse } from '@credits/contracts/http';
import { Controller, Inject, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { JwtAuthGuard, type AuthenticatedRequest } from '../auth/jwt-auth.guard';
import { ApiRoute } from '../openapi/api-route.decorator';
import { relayReply, type ServiceClient } from '../proxy/service-client';
import { BILLING_CLIENT } from '../proxy/services';

const MONTHS =
  'Months are calendar months in the location’s time zone; `from` and `to` are both included (at most 36 months, `to` not before `from`). ' +
  'Every month is listed, zeros included. Built from the event stream, so a change shows up once its event has been consumed.';

/** Monthly revenue and credit reports (R17); the billing service answers the same paths. */
@ApiTags('reports')
@ApiBearerAuth()
@UseGuards(JwtAuthGuard)
@Controller()
export class MonthlyReportsController {
  constructor(@Inject(BILLING_CLIENT) private readonly billing: ServiceClient) {}

  @ApiRoute('GET', ReportRoutes.revenue, {
    operationId: 'getRevenueReport',
    summary: 'Money taken per month and source, less refunds, in minor units (location admins)',
    description:
      `${MONTHS} \`credit-purchases\`: card purchases in the month they were paid, bill purchases in the month they were billed (free ones count 0). ` +
      '`bookings`: card payments for bookings in the month they were paid. A refund (as money or as credits) counts in the month it was given, against the source its payment was for.',
    response: RevenueReportResponse,
  })
  async revenue(@Req() req: AuthenticatedRequest, @Res() res: Response, @Query() _query: ReportMonthsQuery): Promise<void> {
    relayReply(await this.billing.call({ method: 'GET', path: req.originalUrl, actor: req.actor }), res);
  }

  @ApiRoute('GET', ReportRoutes.credits, {
    operationId: 'getCreditReport',
    summary: 'Credits granted by source, spent, deducted, refunded and expired per month, and outstanding at each month’s end (location admins)',
    description: `${MONTHS} Outstanding runs on from everything before \`from\` (\`openingOutstanding\`); held credits count as outstanding until captured.`,
    response: CreditReportResponse,
  })
  async credits(@Req() req: AuthenticatedRequest, @Res() res: Response, @Query() _query: ReportMonthsQuery): Promise<void> {
    relayReply(await this.billing.call({ method: 'GET', path: req.originalUrl, actor: req.actor }), res);
  }
}
