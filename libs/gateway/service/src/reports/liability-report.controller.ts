import { ApiRoutes, LiabilityReportQuery, LiabilityReportResponse } from '@credits/contracts/http';
import { Controller, Inject, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { JwtAuthGuard, type AuthenticatedRequest } from '../auth/jwt-auth.guard';
import { ApiRoute } from '../openapi/api-route.decorator';
import { relayReply, type ServiceClient } from '../proxy/service-client';
import { LEDGER_CLIENT } from '../proxy/services';

@ApiTags('reports')
@ApiBearerAuth()
@UseGuards(JwtAuthGuard)
@Controller()
export class LiabilityReportController {
  constructor(@Inject(LEDGER_CLIENT) private readonly ledger: ServiceClient) {}

  @ApiRoute('GET', ApiRoutes.creditLiability, {
    operationId: 'getCreditLiability',
    summary: 'Credits outstanding by kind and source, valued at unit price where known, and breakage per month in UTC (location admins)',
    description: 'Always of now: it takes no query parameters (a past instant, `asOf`, is refused with 400).',
    response: LiabilityReportResponse,
  })
  async liability(@Req() req: AuthenticatedRequest, @Res() res: Response, @Query() _query: LiabilityReportQuery): Promise<void> {
    relayReply(await this.ledger.call({ method: 'GET', path: req.originalUrl, actor: req.actor }), res);
  }
}
