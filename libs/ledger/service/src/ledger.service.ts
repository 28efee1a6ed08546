import { createHttpApp, runMigrations, type JsonLogger } from '@credits/platform';
import type { MessageBus } from '@credits/messaging';
import type { INestApplication } from '@nestjs/common';
import type { Pool } from 'pg';
import { LedgerModule } from './ledger.module';
import { ledgerMigrations } from './migrations';
import { LEDGER_SCHEMA } from './shared/ledger.tokens';

export interface LedgerServiceOptions {
  readonly databaseUrl: string;
  readonly pool: Pool;
  readonly bus: MessageBus;
  readonly logger: JsonLogger;
}

/** Migrates the ledger schema and builds its HTTP app (not yet listening). */
export async function createLedgerApp(options: LedgerServiceOptions): Promise<INestApplication> {
  await runMigrations(options.databaseUrl, LEDGER_SCHEMA, ledgerMigrations);
  return createHttpApp(LedgerModule.register(options), { logger: options.logger });
}
