import { ApiRoutes, MeResponse } from '@credits/contracts/http';
import { Controller, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { JwtAuthGuard, type AuthenticatedRequest } from '../auth/jwt-auth.guard';
import { MembershipForwarder } from '../locations/membership-forwarder';
import { ApiRoute } from '../openapi/api-route.decorator';

/** Where the caller belongs, asked of membership itself: a member added a moment ago sees the location at once. */
@ApiTags('me')
@ApiBearerAuth()
@UseGuards(JwtAuthGuard)
@Controller()
export class MeController {
  constructor(private readonly membership: MembershipForwarder) {}

  @ApiRoute('GET', ApiRoutes.me, {
    operationId: 'getMe',
    summary: 'The caller: operator or not, and each location they belong to with their role, companies, manager and corporate-card rights',
    response: MeResponse,
    everyCaller: true,
  })
  async me(@Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    await this.membership.forward(req, res, 'GET');
  }
}
