import { createHttpApp, runMigrations } from '@credits/platform';
import type { INestApplication } from '@nestjs/common';
import { BillingModule, type BillingDeps } from './billing.module';
import { billingMigrations } from './migrations';
import { BILLING_SCHEMA } from './shared/billing.tokens';

export interface BillingServiceOptions extends BillingDeps {
  readonly databaseUrl: string;
}

/** Migrates the billing schema (every boot; the migration Job runs it before a rollout: apps/billing/src/migrate.ts). */
export const migrateBilling = (databaseUrl: string): Promise<void> => runMigrations(databaseUrl, BILLING_SCHEMA, billingMigrations);

/** Migrates the billing schema and builds its HTTP app (not yet listening). */
export async function createBillingApp(options: BillingServiceOptions): Promise<INestApplication> {
  await migrateBilling(options.databaseUrl);
  return createHttpApp(BillingModule.register(options), { logger: options.logger });
}
