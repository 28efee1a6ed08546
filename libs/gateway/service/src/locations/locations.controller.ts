import {
  AddMemberRequest,
  ApiRoutes,
  ChangeMemberRoleRequest,
  CreateLocationRequest,
  LocationResponse,
  LocationSettingsRequest,
  MemberResponse,
} from '@credits/contracts/http';
import { Body, Controller, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { JwtAuthGuard, type AuthenticatedRequest } from '../auth/jwt-auth.guard';
import { ApiRoute } from '../openapi/api-route.decorator';
import { MembershipForwarder } from './membership-forwarder';

const LAST_ADMIN = 'The location’s last admin cannot be demoted or removed (type `.../last-admin`).';

@ApiTags('locations')
@ApiBearerAuth()
@UseGuards(JwtAuthGuard)
@Controller()
export class LocationsController {
  constructor(private readonly membership: MembershipForwarder) {}

  @ApiRoute('POST', ApiRoutes.locations, {
    readYourWrites: true,
    operationId: 'createLocation',
    summary: 'Create a location (platform operators)',
    body: CreateLocationRequest,
    response: LocationResponse,
  })
  async create(@Req() req: AuthenticatedRequest, @Res() res: Response, @Body() body: CreateLocationRequest): Promise<void> {
    await this.membership.forward(req, res, 'POST', body);
  }

  @ApiRoute('GET', ApiRoutes.location, { operationId: 'getLocation', summary: 'A location and its settings (members and admins)', response: LocationResponse })
  async get(@Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    await this.membership.forward(req, res, 'GET');
  }

  @ApiRoute('PATCH', ApiRoutes.locationSettings, {
    readYourWrites: true,
    operationId: 'changeLocationSettings',
    summary: 'Change credits settings (location admins)',
    body: LocationSettingsRequest,
    response: LocationResponse,
  })
  async settings(@Req() req: AuthenticatedRequest, @Res() res: Response, @Body() body: LocationSettingsRequest): Promise<void> {
    await this.membership.forward(req, res, 'PATCH', body);
  }

  @ApiRoute('POST', ApiRoutes.members, {
    readYourWrites: true,
    operationId: 'addMember',
    summary: 'Add a member or an admin (location admins)',
    body: AddMemberRequest,
    response: MemberResponse,
    conflict: 'The user is already an active member with another role (type `.../member-exists`); with the same role it answers as when added.',
  })
  async addMember(@Req() req: AuthenticatedRequest, @Res() res: Response, @Body() body: AddMemberRequest): Promise<void> {
    await this.membership.forward(req, res, 'POST', body);
  }

  @ApiRoute('GET', ApiRoutes.members, { operationId: 'listMembers', summary: 'Every member, removed ones included (location admins)', response: [MemberResponse] })
  async members(@Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    await this.membership.forward(req, res, 'GET');
  }

  @ApiRoute('GET', ApiRoutes.member, { operationId: 'getMember', summary: 'A membership (that member, or admins)', response: MemberResponse })
  async member(@Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    await this.membership.forward(req, res, 'GET');
  }

  @ApiRoute('PATCH', ApiRoutes.member, {
    readYourWrites: true,
    operationId: 'changeMemberRole',
    summary: 'Change a member’s role (location admins)',
    body: ChangeMemberRoleRequest,
    response: MemberResponse,
    conflict: LAST_ADMIN,
  })
  async changeRole(@Req() req: AuthenticatedRequest, @Res() res: Response, @Body() body: ChangeMemberRoleRequest): Promise<void> {
    await this.membership.forward(req, res, 'PATCH', body);
  }

  @ApiRoute('DELETE', ApiRoutes.member, {
    readYourWrites: true,
    operationId: 'removeMember',
    summary: 'Remove a member (location admins)',
    description: 'Their history stays; they leave their companies, their plan ends now, and they get and spend no more credits.',
    response: MemberResponse,
    conflict: LAST_ADMIN,
  })
  async removeMember(@Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    await this.membership.forward(req, res, 'DELETE');
  }
}
