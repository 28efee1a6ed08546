import { AssignmentResponse } from '@credits/contracts/http';
import { CurrentActor, ParseIdPipe, ParseUserIdPipe, type RequestActor } from '@credits/platform';
import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ViewAssignmentQuery, ViewHolderPlanQuery } from './view-assignments.handler';

@Controller('v1/locations/:locationId')
export class ViewAssignmentsController {
  constructor(private readonly queries: QueryBus) {}

  @Get('plan-assignments/:assignmentId')
  byId(
    @CurrentActor() actor: RequestActor,
    @Param('locationId', ParseIdPipe('location')) locationId: string,
    @Param('assignmentId', ParseIdPipe('plan assignment')) assignmentId: string,
  ): Promise<AssignmentResponse> {
    return this.queries.execute<ViewAssignmentQuery, AssignmentResponse>(new ViewAssignmentQuery(actor, locationId, assignmentId));
  }

  @Get('users/:userId/plan')
  ofUser(
    @CurrentActor() actor: RequestActor,
    @Param('locationId', ParseIdPipe('location')) locationId: string,
    @Param('userId', ParseUserIdPipe) userId: string,
  ): Promise<AssignmentResponse> {
    return this.queries.execute<ViewHolderPlanQuery, AssignmentResponse>(new ViewHolderPlanQuery(actor, locationId, { type: 'user', id: userId }));
  }

  @Get('companies/:companyId/plan')
  ofCompany(
    @CurrentActor() actor: RequestActor,
    @Param('locationId', ParseIdPipe('location')) locationId: string,
    @Param('companyId') companyId: string,
  ): Promise<AssignmentResponse> {
    return this.queries.execute<ViewHolderPlanQuery, AssignmentResponse>(new ViewHolderPlanQuery(actor, locationId, { type: 'company', id: companyId }));
  }
}
