import { AddMemberRequest, CreateLocationRequest, LocationResponse, LocationSettingsRequest, MemberResponse } from '@credits/contracts/http';
import { Body, Controller, Get, Inject, Param, Patch, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { JwtAuthGuard, type AuthenticatedRequest } from '../auth/jwt-auth.guard';
import { relayReply, type ServiceClient } from '../proxy/service-client';
import { EVENT_IDS_HEADER, MEMBERSHIP_CLIENT, ReadYourWrites } from '../proxy/services';

@ApiTags('locations')
@ApiBearerAuth()
@UseGuards(JwtAuthGuard)
@Controller('v1/locations')
export class LocationsController {
  constructor(
    @Inject(MEMBERSHIP_CLIENT) private readonly membership: ServiceClient,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  private async write(req: AuthenticatedRequest, res: Response, method: 'POST' | 'PATCH', path: string, body: unknown): Promise<void> {
    const reply = await this.membership.call({ method, path, actor: req.actor, body });
    if (reply.status < 300) await this.readYourWrites.awaitLedger(reply.headers.get(EVENT_IDS_HEADER), req.actor);
    relayReply(reply, res);
  }

  @Post()
  @ApiOperation({ summary: 'Create a location (platform operators)' })
  @ApiCreatedResponse({ type: LocationResponse })
  async create(@Req() req: AuthenticatedRequest, @Res() res: Response, @Body() body: CreateLocationRequest): Promise<void> {
    await this.write(req, res, 'POST', '/v1/locations', body);
  }

  @Get(':locationId')
  @ApiOperation({ summary: 'A location and its settings (members and admins)' })
  @ApiOkResponse({ type: LocationResponse })
  async get(@Req() req: AuthenticatedRequest, @Res() res: Response, @Param('locationId') locationId: string): Promise<void> {
    relayReply(await this.membership.call({ method: 'GET', path: `/v1/locations/${encodeURIComponent(locationId)}`, actor: req.actor }), res);
  }

  @Patch(':locationId/settings')
  @ApiOperation({ summary: 'Change credits settings (location admins)' })
  @ApiOkResponse({ type: LocationResponse })
  async settings(
    @Req() req: AuthenticatedRequest,
    @Res() res: Response,
    @Param('locationId') locationId: string,
    @Body() body: LocationSettingsRequest,
  ): Promise<void> {
    await this.write(req, res, 'PATCH', `/v1/locations/${encodeURIComponent(locationId)}/settings`, body);
  }

  @Post(':locationId/members')
  @ApiOperation({ summary: 'Add a member or an admin (location admins)' })
  @ApiCreatedResponse({ type: MemberResponse })
  async addMember(
    @Req() req: AuthenticatedRequest,
    @Res() res: Response,
    @Param('locationId') locationId: string,
    @Body() body: AddMemberRequest,
  ): Promise<void> {
    await this.write(req, res, 'POST', `/v1/locations/${encodeURIComponent(locationId)}/members`, body);
  }

  @Get(':locationId/members/:userId')
  @ApiOperation({ summary: 'A membership (that member, or admins)' })
  @ApiOkResponse({ type: MemberResponse })
  async member(
    @Req() req: AuthenticatedRequest,
    @Res() res: Response,
    @Param('locationId') locationId: string,
    @Param('userId') userId: string,
  ): Promise<void> {
    const path = `/v1/locations/${encodeURIComponent(locationId)}/members/${encodeURIComponent(userId)}`;
    relayReply(await this.membership.call({ method: 'GET', path, actor: req.actor }), res);
  }
}
