import { MeResponse } from '@credits/contracts/http';
import { Controller, Get, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Response } from 'express';
import { JwtAuthGuard, type AuthenticatedRequest } from '../auth/jwt-auth.guard';
import { MembershipForwarder } from '../locations/membership-forwarder';

/** Where the caller belongs, asked of membership itself: a member added a moment ago sees the location at once. */
@ApiTags('me')
@ApiBearerAuth()
@UseGuards(JwtAuthGuard)
@Controller('v1/me')
export class MeController {
  constructor(private readonly membership: MembershipForwarder) {}

  @Get()
  @ApiOperation({
    operationId: 'getMe',
    summary: 'The caller: operator or not, and each location they belong to with their role, companies, manager and corporate-card rights',
  })
  @ApiOkResponse({ type: MeResponse })
  @ApiUnauthorizedResponse({ description: 'No bearer token, or not a valid one.' })
  async me(@Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    await this.membership.forward(req, res, 'GET');
  }
}
