import { createHttpApp, runMigrations } from '@credits/platform';
import type { INestApplication } from '@nestjs/common';
import { membershipMigrations } from './migrations';
import { MembershipModule, type MembershipDeps } from './membership.module';
import { MEMBERSHIP_SCHEMA } from './shared/membership.tokens';

export interface MembershipServiceOptions extends MembershipDeps {
  readonly databaseUrl: string;
}

/** Migrates the membership schema and builds its HTTP app (not yet listening). */
export async function createMembershipApp(options: MembershipServiceOptions): Promise<INestApplication> {
  await runMigrations(options.databaseUrl, MEMBERSHIP_SCHEMA, membershipMigrations);
  return createHttpApp(MembershipModule.register(options), { logger: options.logger });
}
