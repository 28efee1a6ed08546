import {
  AssignPlanRequest,
  AssignmentResponse,
  CancelAssignmentRequest,
  ChangeAssignmentRequest,
  CreatePlanRequest,
  PlanResponse,
  UpdatePlanRequest,
} from '@credits/contracts/http';
import { Body, Controller, Get, HttpCode, Patch, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { JwtAuthGuard, type AuthenticatedRequest } from '../auth/jwt-auth.guard';
import { MembershipForwarder } from '../locations/membership-forwarder';

const LOCATION = 'v1/locations/:locationId';

/** Plans and who is on them. Periods follow the calendar in the location's time zone. */
@ApiTags('plans')
@ApiBearerAuth()
@UseGuards(JwtAuthGuard)
@Controller()
export class PlansController {
  constructor(private readonly membership: MembershipForwarder) {}

  @Post(`${LOCATION}/plans`)
  @ApiOperation({ summary: 'Create a plan (location admins)' })
  @ApiCreatedResponse({ type: PlanResponse })
  async create(@Req() req: AuthenticatedRequest, @Res() res: Response, @Body() body: CreatePlanRequest): Promise<void> {
    await this.membership.forward(req, res, 'POST', body);
  }

  @Get(`${LOCATION}/plans`)
  @ApiOperation({ summary: 'Plans: the active ones for members, all for admins' })
  @ApiOkResponse({ type: [PlanResponse] })
  async list(@Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    await this.membership.forward(req, res, 'GET');
  }

  @Get(`${LOCATION}/plans/:planId`)
  @ApiOperation({ summary: 'A plan' })
  @ApiOkResponse({ type: PlanResponse })
  async get(@Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    await this.membership.forward(req, res, 'GET');
  }

  @Patch(`${LOCATION}/plans/:planId`)
  @ApiOperation({ summary: 'Edit a plan; takes effect from each assignment’s next period (location admins)' })
  @ApiOkResponse({ type: PlanResponse })
  async edit(@Req() req: AuthenticatedRequest, @Res() res: Response, @Body() body: UpdatePlanRequest): Promise<void> {
    await this.membership.forward(req, res, 'PATCH', body);
  }

  @Post(`${LOCATION}/plans/:planId/archive`)
  @HttpCode(200)
  @ApiOperation({ summary: 'Archive a plan: no new assignments; running ones continue (location admins)' })
  @ApiOkResponse({ type: PlanResponse })
  async archive(@Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    await this.membership.forward(req, res, 'POST');
  }

  @Post(`${LOCATION}/plan-assignments`)
  @ApiOperation({ summary: 'Put a member or a company on a plan; the first period starts now (location admins)' })
  @ApiCreatedResponse({ type: AssignmentResponse })
  async assign(@Req() req: AuthenticatedRequest, @Res() res: Response, @Body() body: AssignPlanRequest): Promise<void> {
    await this.membership.forward(req, res, 'POST', body);
  }

  @Get(`${LOCATION}/plan-assignments/:assignmentId`)
  @ApiOperation({ summary: 'An assignment and its current period (location admins)' })
  @ApiOkResponse({ type: AssignmentResponse })
  async assignment(@Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    await this.membership.forward(req, res, 'GET');
  }

  @Post(`${LOCATION}/plan-assignments/:assignmentId/change`)
  @HttpCode(200)
  @ApiOperation({ summary: 'Change the plan at the next period, or now (the current period ends now) (location admins)' })
  @ApiOkResponse({ type: AssignmentResponse })
  async change(@Req() req: AuthenticatedRequest, @Res() res: Response, @Body() body: ChangeAssignmentRequest): Promise<void> {
    await this.membership.forward(req, res, 'POST', body);
  }

  @Post(`${LOCATION}/plan-assignments/:assignmentId/cancel`)
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel at period end, or now (location admins)' })
  @ApiOkResponse({ type: AssignmentResponse })
  async cancel(@Req() req: AuthenticatedRequest, @Res() res: Response, @Body() body: CancelAssignmentRequest): Promise<void> {
    await this.membership.forward(req, res, 'POST', body);
  }

  @Get(`${LOCATION}/users/:userId/plan`)
  @ApiOperation({ summary: 'A member’s current plan and period (that member, or admins)' })
  @ApiOkResponse({ type: AssignmentResponse })
  async userPlan(@Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    await this.membership.forward(req, res, 'GET');
  }
}
