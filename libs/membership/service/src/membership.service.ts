import { createHttpApp, runMigrations } from '@credits/platform';
import type { INestApplication } from '@nestjs/common';
import { membershipMigrations } from './migrations';
import { MembershipModule, type MembershipDeps } from './membership.module';
import { MEMBERSHIP_SCHEMA } from './shared/membership.tokens';

export interface MembershipServiceOptions extends MembershipDeps {
  readonly databaseUrl: string;
}

/** Migrates the membership schema (every boot; the migration Job runs it before a rollout: apps/membership/src/migrate.ts). */
export const migrateMembership = (databaseUrl: string): Promise<void> => runMigrations(databaseUrl, MEMBERSHIP_SCHEMA, membershipMigrations);

/** Migrates the membership schema and builds its HTTP app (not yet listening). */
export async function createMembershipApp(options: MembershipServiceOptions): Promise<INestApplication> {
  await migrateMembership(options.databaseUrl);
  return createHttpApp(MembershipModule.register(options), { logger: options.logger });
}
