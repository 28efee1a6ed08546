import {
  AddMemberRequest,
  ChangeMemberRoleRequest,
  CreateLocationRequest,
  LocationResponse,
  LocationSettingsRequest,
  MemberResponse,
} from '@credits/contracts/http';
import { Body, Controller, Delete, Get, Patch, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { JwtAuthGuard, type AuthenticatedRequest } from '../auth/jwt-auth.guard';
import { MembershipForwarder } from './membership-forwarder';

@ApiTags('locations')
@ApiBearerAuth()
@UseGuards(JwtAuthGuard)
@Controller('v1/locations')
export class LocationsController {
  constructor(private readonly membership: MembershipForwarder) {}

  @Post()
  @ApiOperation({ summary: 'Create a location (platform operators)' })
  @ApiCreatedResponse({ type: LocationResponse })
  async create(@Req() req: AuthenticatedRequest, @Res() res: Response, @Body() body: CreateLocationRequest): Promise<void> {
    await this.membership.forward(req, res, 'POST', body);
  }

  @Get(':locationId')
  @ApiOperation({ summary: 'A location and its settings (members and admins)' })
  @ApiOkResponse({ type: LocationResponse })
  async get(@Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    await this.membership.forward(req, res, 'GET');
  }

  @Patch(':locationId/settings')
  @ApiOperation({ summary: 'Change credits settings (location admins)' })
  @ApiOkResponse({ type: LocationResponse })
  async settings(@Req() req: AuthenticatedRequest, @Res() res: Response, @Body() body: LocationSettingsRequest): Promise<void> {
    await this.membership.forward(req, res, 'PATCH', body);
  }

  @Post(':locationId/members')
  @ApiOperation({ summary: 'Add a member or an admin (location admins)' })
  @ApiCreatedResponse({ type: MemberResponse })
  async addMember(@Req() req: AuthenticatedRequest, @Res() res: Response, @Body() body: AddMemberRequest): Promise<void> {
    await this.membership.forward(req, res, 'POST', body);
  }

  @Get(':locationId/members')
  @ApiOperation({ summary: 'Every member, removed ones included (location admins)' })
  @ApiOkResponse({ type: [MemberResponse] })
  async members(@Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    await this.membership.forward(req, res, 'GET');
  }

  @Get(':locationId/members/:userId')
  @ApiOperation({ summary: 'A membership (that member, or admins)' })
  @ApiOkResponse({ type: MemberResponse })
  async member(@Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    await this.membership.forward(req, res, 'GET');
  }

  @Patch(':locationId/members/:userId')
  @ApiOperation({ summary: 'Change a member’s role (location admins)' })
  @ApiOkResponse({ type: MemberResponse })
  async changeRole(@Req() req: AuthenticatedRequest, @Res() res: Response, @Body() body: ChangeMemberRoleRequest): Promise<void> {
    await this.membership.forward(req, res, 'PATCH', body);
  }

  @Delete(':locationId/members/:userId')
  @ApiOperation({
    summary: 'Remove a member (location admins): their history stays; they leave their companies, their plan ends now, and they get and spend no more credits',
  })
  @ApiOkResponse({ type: MemberResponse })
  async removeMember(@Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    await this.membership.forward(req, res, 'DELETE');
  }
}
