import type { MessageBus } from '@credits/messaging';
import { createHttpApp, runMigrations, type JsonLogger } from '@credits/platform';
import type { INestApplication } from '@nestjs/common';
import type { Pool } from 'pg';
import { membershipMigrations } from './migrations';
import { MembershipModule } from './membership.module';
import { MEMBERSHIP_SCHEMA } from './shared/membership.tokens';

export interface MembershipServiceOptions {
  readonly databaseUrl: string;
  readonly pool: Pool;
  readonly bus: MessageBus;
  readonly logger: JsonLogger;
}

/** Migrates the membership schema and builds its HTTP app (not yet listening). */
export async function createMembershipApp(options: MembershipServiceOptions): Promise<INestApplication> {
  await runMigrations(options.databaseUrl, MEMBERSHIP_SCHEMA, membershipMigrations);
  return createHttpApp(MembershipModule.register(options), { logger: options.logger });
}
