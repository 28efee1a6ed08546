import { createHttpApp, runMigrations } from '@credits/platform';
import type { INestApplication } from '@nestjs/common';
import { paymentsMigrations } from './migrations';
import { PaymentsModule, type PaymentsDeps } from './payments.module';
import { PAYMENTS_SCHEMA } from './shared/payments.tokens';

export interface PaymentsServiceOptions extends PaymentsDeps {
  readonly databaseUrl: string;
}

/** Migrates the payments schema (every boot; the migration Job runs it before a rollout: apps/payments/src/migrate.ts). */
export const migratePayments = (databaseUrl: string): Promise<void> => runMigrations(databaseUrl, PAYMENTS_SCHEMA, paymentsMigrations);

/** Migrates the payments schema and builds its HTTP app (not yet listening). */
export async function createPaymentsApp(options: PaymentsServiceOptions): Promise<INestApplication> {
  await migratePayments(options.databaseUrl);
  return createHttpApp(PaymentsModule.register(options), { logger: options.logger });
}
