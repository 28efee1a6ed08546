import {
  ApiRoutes,
  AssignPlanRequest,
  AssignmentResponse,
  CancelAssignmentRequest,
  ChangeAssignmentRequest,
  CreatePlanRequest,
  PlanResponse,
  UpdatePlanRequest,
} from '@credits/contracts/http';
import { Body, Controller, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { JwtAuthGuard, type AuthenticatedRequest } from '../auth/jwt-auth.guard';
import { MembershipForwarder } from '../locations/membership-forwarder';
import { ApiRoute } from '../openapi/api-route.decorator';

const PLAN_ARCHIVED = 'The plan is archived (type `.../plan-archived`).';
const ASSIGNMENT_ENDED = 'The assignment has ended (type `.../assignment-ended`)';

/** Plans and who is on them. Periods follow the calendar in the location's time zone. */
@ApiTags('plans')
@ApiBearerAuth()
@UseGuards(JwtAuthGuard)
@Controller()
export class PlansController {
  constructor(private readonly membership: MembershipForwarder) {}

  @ApiRoute('POST', ApiRoutes.plans, {
    readYourWrites: true,
    operationId: 'createPlan',
    summary: 'Create a plan (location admins)',
    body: CreatePlanRequest,
    response: PlanResponse,
  })
  async create(@Req() req: AuthenticatedRequest, @Res() res: Response, @Body() body: CreatePlanRequest): Promise<void> {
    await this.membership.forward(req, res, 'POST', body);
  }

  @ApiRoute('GET', ApiRoutes.plans, { operationId: 'listPlans', summary: 'Plans: the active ones for members, all for admins', response: [PlanResponse] })
  async list(@Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    await this.membership.forward(req, res, 'GET');
  }

  @ApiRoute('GET', ApiRoutes.plan, { operationId: 'getPlan', summary: 'A plan', response: PlanResponse })
  async get(@Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    await this.membership.forward(req, res, 'GET');
  }

  @ApiRoute('PATCH', ApiRoutes.plan, {
    readYourWrites: true,
    operationId: 'editPlan',
    summary: 'Edit a plan; takes effect from each assignment’s next period (location admins)',
    body: UpdatePlanRequest,
    response: PlanResponse,
    conflict: PLAN_ARCHIVED,
  })
  async edit(@Req() req: AuthenticatedRequest, @Res() res: Response, @Body() body: UpdatePlanRequest): Promise<void> {
    await this.membership.forward(req, res, 'PATCH', body);
  }

  @ApiRoute('POST', ApiRoutes.planArchive, {
    readYourWrites: true,
    operationId: 'archivePlan',
    summary: 'Archive a plan: no new assignments; running ones continue (location admins)',
    response: PlanResponse,
  })
  async archive(@Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    await this.membership.forward(req, res, 'POST');
  }

  @ApiRoute('POST', ApiRoutes.planAssignments, {
    readYourWrites: true,
    operationId: 'assignPlan',
    summary: 'Put a member or a company on a plan; the first period starts now (location admins)',
    body: AssignPlanRequest,
    response: AssignmentResponse,
    conflict: 'The plan is archived (type `.../plan-archived`), or the holder has a plan already (type `.../plan-already-assigned`).',
  })
  async assign(@Req() req: AuthenticatedRequest, @Res() res: Response, @Body() body: AssignPlanRequest): Promise<void> {
    await this.membership.forward(req, res, 'POST', body);
  }

  @ApiRoute('GET', ApiRoutes.planAssignment, {
    operationId: 'getPlanAssignment',
    summary: 'An assignment and its current period (location admins)',
    response: AssignmentResponse,
  })
  async assignment(@Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    await this.membership.forward(req, res, 'GET');
  }

  @ApiRoute('POST', ApiRoutes.planAssignmentChange, {
    readYourWrites: true,
    operationId: 'changePlanAssignment',
    summary: 'Change the plan at the next period, or now (the current period ends now) (location admins)',
    body: ChangeAssignmentRequest,
    status: 200,
    response: AssignmentResponse,
    conflict: `${ASSIGNMENT_ENDED}, the new plan is archived (type \`.../plan-archived\`), or it is the plan already (type \`.../same-plan\`).`,
  })
  async change(@Req() req: AuthenticatedRequest, @Res() res: Response, @Body() body: ChangeAssignmentRequest): Promise<void> {
    await this.membership.forward(req, res, 'POST', body);
  }

  @ApiRoute('POST', ApiRoutes.planAssignmentCancel, {
    readYourWrites: true,
    operationId: 'cancelPlanAssignment',
    summary: 'Cancel at period end, or now (location admins)',
    body: CancelAssignmentRequest,
    status: 200,
    response: AssignmentResponse,
    conflict: `${ASSIGNMENT_ENDED}.`,
  })
  async cancel(@Req() req: AuthenticatedRequest, @Res() res: Response, @Body() body: CancelAssignmentRequest): Promise<void> {
    await this.membership.forward(req, res, 'POST', body);
  }

  @ApiRoute('GET', ApiRoutes.userPlan, { operationId: 'getUserPlan', summary: 'A member’s current plan and period (that member, or admins)', response: AssignmentResponse })
  async userPlan(@Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    await this.membership.forward(req, res, 'GET');
  }
}
