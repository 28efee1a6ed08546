import { AddCompanyMemberRequest, AssignmentResponse, CompanyNameRequest, CompanyResponse, CorporateCardRequest } from '@credits/contracts/http';
import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Put, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { JwtAuthGuard, type AuthenticatedRequest } from '../auth/jwt-auth.guard';
import { MembershipForwarder } from '../locations/membership-forwarder';

const COMPANY = 'v1/locations/:locationId/companies/:companyId';

/** Companies of a location: admins create and archive them and appoint managers; managers run their own company. */
@ApiTags('companies')
@ApiBearerAuth()
@UseGuards(JwtAuthGuard)
@Controller()
export class CompaniesController {
  constructor(private readonly membership: MembershipForwarder) {}

  @Post('v1/locations/:locationId/companies')
  @ApiOperation({ summary: 'Create a company; its wallet exists at once (location admins)' })
  @ApiCreatedResponse({ type: CompanyResponse })
  async create(@Req() req: AuthenticatedRequest, @Res() res: Response, @Body() body: CompanyNameRequest): Promise<void> {
    await this.membership.forward(req, res, 'POST', body);
  }

  @Get('v1/locations/:locationId/companies')
  @ApiOperation({ summary: 'Companies: all for admins, the caller’s own for members' })
  @ApiOkResponse({ type: [CompanyResponse] })
  async list(@Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    await this.membership.forward(req, res, 'GET');
  }

  @Get(COMPANY)
  @ApiOperation({ summary: 'A company and its members (its members, and admins)' })
  @ApiOkResponse({ type: CompanyResponse })
  async get(@Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    await this.membership.forward(req, res, 'GET');
  }

  @Patch(COMPANY)
  @ApiOperation({ summary: 'Rename (admins, and the company’s managers)' })
  @ApiOkResponse({ type: CompanyResponse })
  async rename(@Req() req: AuthenticatedRequest, @Res() res: Response, @Body() body: CompanyNameRequest): Promise<void> {
    await this.membership.forward(req, res, 'PATCH', body);
  }

  @Post(`${COMPANY}/archive`)
  @HttpCode(200)
  @ApiOperation({ summary: 'Archive: no new members, plans or grants; its plan ends now; history and balance stay readable (location admins)' })
  @ApiOkResponse({ type: CompanyResponse })
  async archive(@Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    await this.membership.forward(req, res, 'POST');
  }

  @Post(`${COMPANY}/members`)
  @ApiOperation({ summary: 'Add a member of the location to the company (admins, the company’s managers)' })
  @ApiCreatedResponse({ type: CompanyResponse })
  async addMember(@Req() req: AuthenticatedRequest, @Res() res: Response, @Body() body: AddCompanyMemberRequest): Promise<void> {
    await this.membership.forward(req, res, 'POST', body);
  }

  @Delete(`${COMPANY}/members/:userId`)
  @ApiOperation({ summary: 'Remove a member from the company (admins, the company’s managers)' })
  @ApiOkResponse({ type: CompanyResponse })
  async removeMember(@Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    await this.membership.forward(req, res, 'DELETE');
  }

  @Put(`${COMPANY}/managers/:userId`)
  @ApiOperation({ summary: 'Appoint a manager; adds them to the company if needed (location admins)' })
  @ApiOkResponse({ type: CompanyResponse })
  async appointManager(@Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    await this.membership.forward(req, res, 'PUT');
  }

  @Delete(`${COMPANY}/managers/:userId`)
  @ApiOperation({ summary: 'Remove a manager; they stay a member (location admins)' })
  @ApiOkResponse({ type: CompanyResponse })
  async removeManager(@Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    await this.membership.forward(req, res, 'DELETE');
  }

  @Put(`${COMPANY}/members/:userId/corporate-card`)
  @ApiOperation({ summary: 'Allow or forbid a member to pay with the company credits (admins, the company’s managers)' })
  @ApiOkResponse({ type: CompanyResponse })
  async corporateCard(@Req() req: AuthenticatedRequest, @Res() res: Response, @Body() body: CorporateCardRequest): Promise<void> {
    await this.membership.forward(req, res, 'PUT', body);
  }

  @Get(`${COMPANY}/plan`)
  @ApiOperation({ summary: 'The company’s current plan and period (its members, and admins)' })
  @ApiOkResponse({ type: AssignmentResponse })
  async plan(@Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    await this.membership.forward(req, res, 'GET');
  }
}
