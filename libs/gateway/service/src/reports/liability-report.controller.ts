import { LiabilityReportResponse } from '@credits/contracts/http';
import { Controller, Get, Inject, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { JwtAuthGuard, type AuthenticatedRequest } from '../auth/jwt-auth.guard';
import { relayReply, type ServiceClient } from '../proxy/service-client';
import { LEDGER_CLIENT } from '../proxy/services';

@ApiTags('reports')
@ApiBearerAuth()
@UseGuards(JwtAuthGuard)
@Controller()
export class LiabilityReportController {
  constructor(@Inject(LEDGER_CLIENT) private readonly ledger: ServiceClient) {}

  @Get('v1/locations/:locationId/credits/liability')
  @ApiOperation({
    summary: 'Credits outstanding by kind and source, valued at unit price where known, and breakage per month in UTC (location admins)',
  })
  @ApiOkResponse({ type: LiabilityReportResponse })
  async liability(@Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    relayReply(await this.ledger.call({ method: 'GET', path: req.originalUrl, actor: req.actor }), res);
  }
}
