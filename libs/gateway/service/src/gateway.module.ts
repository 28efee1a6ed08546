import { HealthModule } from '@credits/platform';
import { Module, type DynamicModule } from '@nestjs/common';
import { AccessTokenVerifier, type AccessTokenOptions } from './auth/access-token.verifier';
import { JwtAuthGuard } from './auth/jwt-auth.guard';
import { CompaniesController } from './companies/companies.controller';
import { CreditsController } from './credits/credits.controller';
import { LocationsController } from './locations/locations.controller';
import { MembershipForwarder } from './locations/membership-forwarder';
import { MeController } from './me/me.controller';
import { PlansController } from './plans/plans.controller';
import { LiabilityReportController } from './reports/liability-report.controller';
import { ServiceClient } from './proxy/service-client';
import { LEDGER_CLIENT, MEMBERSHIP_CLIENT, ReadYourWrites } from './proxy/services';

export interface GatewayDeps {
  readonly auth: AccessTokenOptions;
  readonly ledgerUrl: string;
  readonly membershipUrl: string;
}

@Module({})
export class GatewayModule {
  static register(deps: GatewayDeps): DynamicModule {
    const ledger = new ServiceClient('ledger', deps.ledgerUrl);
    const membership = new ServiceClient('membership', deps.membershipUrl);
    return {
      module: GatewayModule,
      imports: [
        HealthModule.register(() => [
          { name: 'ledger', check: () => ledger.isReady() },
          { name: 'membership', check: () => membership.isReady() },
        ]),
      ],
      controllers: [MeController, LocationsController, CompaniesController, PlansController, CreditsController, LiabilityReportController],
      providers: [
        { provide: AccessTokenVerifier, useValue: new AccessTokenVerifier(deps.auth) },
        { provide: LEDGER_CLIENT, useValue: ledger },
        { provide: MEMBERSHIP_CLIENT, useValue: membership },
        JwtAuthGuard,
        ReadYourWrites,
        MembershipForwarder,
      ],
    };
  }
}
