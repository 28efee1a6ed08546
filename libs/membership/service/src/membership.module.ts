import { createOutboxRelay, type OutboxServiceDeps } from '@credits/messaging';
import { ServiceNames, serviceWiring } from '@credits/platform';
import { Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AddMemberController } from './add-member/add-member.controller';
import { AddMemberHandler } from './add-member/add-member.handler';
import { ChangeLocationSettingsController } from './change-location-settings/change-location-settings.controller';
import { ChangeLocationSettingsHandler } from './change-location-settings/change-location-settings.handler';
import { CreateLocationController } from './create-location/create-location.controller';
import { CreateLocationHandler } from './create-location/create-location.handler';
import { AssignPlanController } from './assign-plan/assign-plan.controller';
import { AssignPlanHandler } from './assign-plan/assign-plan.handler';
import { ChangeAssignmentController } from './change-assignment/change-assignment.controller';
import { ChangeAssignmentHandler } from './change-assignment/change-assignment.handler';
import { ChangeCompanyController } from './change-company/change-company.controller';
import { ChangeCompanyHandler } from './change-company/change-company.handler';
import { ChangeMemberRoleController } from './change-member-role/change-member-role.controller';
import { ChangeMemberRoleHandler } from './change-member-role/change-member-role.handler';
import { ChangePlanController } from './change-plan/change-plan.controller';
import { ChangePlanHandler } from './change-plan/change-plan.handler';
import { CreateCompanyController } from './create-company/create-company.controller';
import { CreateCompanyHandler } from './create-company/create-company.handler';
import { CreatePlanController } from './create-plan/create-plan.controller';
import { CreatePlanHandler } from './create-plan/create-plan.handler';
import { ManageCompanyMembersController } from './manage-company-members/manage-company-members.controller';
import { ManageCompanyMembersHandler } from './manage-company-members/manage-company-members.handler';
import { NotifyCreditsAddedConsumer } from './notify-credits-added/notify-credits-added.consumer';
import { PlanPeriodScheduler } from './plan-periods/plan-period.scheduler';
import { RemoveMemberController } from './remove-member/remove-member.controller';
import { RemoveMemberHandler } from './remove-member/remove-member.handler';
import { MEMBERSHIP_CLOCK, MembershipClock } from './shared/membership-clock';
import { MEMBERSHIP_POOL, MEMBERSHIP_SCHEMA, PLAN_PERIOD_SCHEDULER } from './shared/membership.tokens';
import { TestClockController } from './test-clock/test-clock.controller';
import { ViewAssignmentsController } from './view-assignments/view-assignments.controller';
import { ViewAssignmentHandler, ViewHolderPlanHandler } from './view-assignments/view-assignments.handler';
import { ViewCompaniesController } from './view-companies/view-companies.controller';
import { ViewCompaniesHandler, ViewCompanyHandler } from './view-companies/view-companies.handler';
import { ViewLocationController } from './view-location/view-location.controller';
import { ViewLocationHandler, ViewMemberHandler, ViewMembersHandler } from './view-location/view-location.handler';
import { ViewMeController } from './view-me/view-me.controller';
import { ViewMeHandler } from './view-me/view-me.handler';
import { ViewMemberFactsController } from './view-member-facts/view-member-facts.controller';
import { ViewMemberFactsHandler } from './view-member-facts/view-member-facts.handler';
import { ViewNotificationsController } from './view-notifications/view-notifications.controller';
import { ViewNotificationsHandler } from './view-notifications/view-notifications.handler';
import { ViewPlansController } from './view-plans/view-plans.controller';
import { ViewPlanHandler, ViewPlansHandler } from './view-plans/view-plans.handler';

export interface MembershipDeps extends OutboxServiceDeps {
  /** the service clock; tests pass one they can move */
  readonly clock?: MembershipClock;
  /** registers POST /internal/clock (never in production) */
  readonly enableTestClock?: boolean;
}

@Module({})
export class MembershipModule {
  static register(deps: MembershipDeps): DynamicModule {
    const clock = deps.clock ?? new MembershipClock();
    const scheduler = new PlanPeriodScheduler({
      pool: deps.pool,
      now: () => clock.now(),
      onError: (error) => deps.logger.write('error', 'plan period scheduler failed', { error: String(error) }),
    });
    const relay = createOutboxRelay(deps, MEMBERSHIP_SCHEMA, ServiceNames.membership);
    const wiring = serviceWiring(ServiceNames.membership, deps, [relay, scheduler]);
    return {
      module: MembershipModule,
      imports: [CqrsModule.forRoot(), ...wiring.imports],
      controllers: [
        CreateLocationController,
        ChangeLocationSettingsController,
        AddMemberController,
        RemoveMemberController,
        ChangeMemberRoleController,
        ViewLocationController,
        ViewMeController,
        CreateCompanyController,
        ChangeCompanyController,
        ManageCompanyMembersController,
        ViewCompaniesController,
        CreatePlanController,
        ChangePlanController,
        ViewPlansController,
        AssignPlanController,
        ChangeAssignmentController,
        ViewAssignmentsController,
        ViewMemberFactsController,
        ViewNotificationsController,
        ...(deps.enableTestClock ? [TestClockController] : []),
      ],
      providers: [
        { provide: MEMBERSHIP_POOL, useValue: deps.pool },
        { provide: MEMBERSHIP_CLOCK, useValue: clock },
        { provide: PLAN_PERIOD_SCHEDULER, useValue: scheduler },
        ...wiring.providers,
        { provide: NotifyCreditsAddedConsumer, useFactory: () => new NotifyCreditsAddedConsumer(deps.pool, deps.bus, deps.logger) },
        ViewNotificationsHandler,
        CreateLocationHandler,
        ChangeLocationSettingsHandler,
        AddMemberHandler,
        RemoveMemberHandler,
        ChangeMemberRoleHandler,
        CreateCompanyHandler,
        ChangeCompanyHandler,
        ManageCompanyMembersHandler,
        CreatePlanHandler,
        ChangePlanHandler,
        AssignPlanHandler,
        ChangeAssignmentHandler,
        ViewLocationHandler,
        ViewMembersHandler,
        ViewMemberHandler,
        ViewMeHandler,
        ViewCompaniesHandler,
        ViewCompanyHandler,
        ViewPlansHandler,
        ViewPlanHandler,
        ViewAssignmentHandler,
        ViewHolderPlanHandler,
        ViewMemberFactsHandler,
      ],
    };
  }
}
