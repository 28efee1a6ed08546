import { AddCompanyMemberRequest, ApiRoutes, AssignmentResponse, CompanyNameRequest, CompanyResponse, CorporateCardRequest } from '@credits/contracts/http';
import { Body, Controller, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { JwtAuthGuard, type AuthenticatedRequest } from '../auth/jwt-auth.guard';
import { MembershipForwarder } from '../locations/membership-forwarder';
import { ApiRoute } from '../openapi/api-route.decorator';

const ARCHIVED = 'The company is archived (type `.../company-archived`).';

/** Companies of a location: admins create and archive them and appoint managers; managers run their own company. */
@ApiTags('companies')
@ApiBearerAuth()
@UseGuards(JwtAuthGuard)
@Controller()
export class CompaniesController {
  constructor(private readonly membership: MembershipForwarder) {}

  @ApiRoute('POST', ApiRoutes.companies, {
    readYourWrites: true,
    operationId: 'createCompany',
    summary: 'Create a company; its wallet exists at once (location admins)',
    body: CompanyNameRequest,
    response: CompanyResponse,
  })
  async create(@Req() req: AuthenticatedRequest, @Res() res: Response, @Body() body: CompanyNameRequest): Promise<void> {
    await this.membership.forward(req, res, 'POST', body);
  }

  @ApiRoute('GET', ApiRoutes.companies, { operationId: 'listCompanies', summary: 'Companies: all for admins, the caller’s own for members', response: [CompanyResponse] })
  async list(@Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    await this.membership.forward(req, res, 'GET');
  }

  @ApiRoute('GET', ApiRoutes.company, { operationId: 'getCompany', summary: 'A company and its members (its members, and admins)', response: CompanyResponse })
  async get(@Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    await this.membership.forward(req, res, 'GET');
  }

  @ApiRoute('PATCH', ApiRoutes.company, {
    readYourWrites: true,
    operationId: 'renameCompany',
    summary: 'Rename (admins, and the company’s managers)',
    body: CompanyNameRequest,
    response: CompanyResponse,
    conflict: ARCHIVED,
  })
  async rename(@Req() req: AuthenticatedRequest, @Res() res: Response, @Body() body: CompanyNameRequest): Promise<void> {
    await this.membership.forward(req, res, 'PATCH', body);
  }

  @ApiRoute('POST', ApiRoutes.companyArchive, {
    readYourWrites: true,
    operationId: 'archiveCompany',
    summary: 'Archive a company (location admins)',
    description: 'No new members, plans or grants; its plan ends now; history and balance stay readable.',
    response: CompanyResponse,
  })
  async archive(@Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    await this.membership.forward(req, res, 'POST');
  }

  @ApiRoute('POST', ApiRoutes.companyMembers, {
    readYourWrites: true,
    operationId: 'addCompanyMember',
    summary: 'Add a member of the location to the company (admins, the company’s managers)',
    body: AddCompanyMemberRequest,
    response: CompanyResponse,
    conflict: ARCHIVED,
  })
  async addMember(@Req() req: AuthenticatedRequest, @Res() res: Response, @Body() body: AddCompanyMemberRequest): Promise<void> {
    await this.membership.forward(req, res, 'POST', body);
  }

  @ApiRoute('DELETE', ApiRoutes.companyMember, {
    readYourWrites: true,
    operationId: 'removeCompanyMember',
    summary: 'Remove a member from the company (admins, the company’s managers)',
    response: CompanyResponse,
    conflict: ARCHIVED,
  })
  async removeMember(@Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    await this.membership.forward(req, res, 'DELETE');
  }

  @ApiRoute('PUT', ApiRoutes.companyManager, {
    readYourWrites: true,
    operationId: 'appointCompanyManager',
    summary: 'Appoint a manager; adds them to the company if needed (location admins)',
    response: CompanyResponse,
    conflict: ARCHIVED,
  })
  async appointManager(@Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    await this.membership.forward(req, res, 'PUT');
  }

  @ApiRoute('DELETE', ApiRoutes.companyManager, {
    readYourWrites: true,
    operationId: 'removeCompanyManager',
    summary: 'Remove a manager; they stay a member (location admins)',
    response: CompanyResponse,
    conflict: ARCHIVED,
  })
  async removeManager(@Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    await this.membership.forward(req, res, 'DELETE');
  }

  @ApiRoute('PUT', ApiRoutes.companyMemberCorporateCard, {
    readYourWrites: true,
    operationId: 'setCorporateCard',
    summary: 'Allow or forbid a member to pay with the company credits (admins, the company’s managers)',
    body: CorporateCardRequest,
    response: CompanyResponse,
    conflict: ARCHIVED,
  })
  async corporateCard(@Req() req: AuthenticatedRequest, @Res() res: Response, @Body() body: CorporateCardRequest): Promise<void> {
    await this.membership.forward(req, res, 'PUT', body);
  }

  @ApiRoute('GET', ApiRoutes.companyPlan, {
    operationId: 'getCompanyPlan',
    summary: 'The company’s current plan and period (its members, and admins)',
    response: AssignmentResponse,
  })
  async plan(@Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    await this.membership.forward(req, res, 'GET');
  }
}
