import { createHttpApp, runMigrations, serveFastLane, serveFastLaneOnPort } from '@credits/platform';
import type { MessagePort } from 'node:worker_threads';
import type { INestApplication } from '@nestjs/common';
import { LedgerModule, type LedgerDeps } from './ledger.module';
import { ledgerMigrations } from './migrations';
import { LEDGER_SCHEMA } from './shared/ledger.tokens';
import { walletFastLane } from './wallets/wallet.fast-lane';

export interface LedgerServiceOptions extends LedgerDeps {
  readonly databaseUrl: string;
  /** where the gateway's thread calls the fast lane in-process (embedded mode) */
  readonly fastLanePort?: MessagePort;
}

/** Migrates the ledger schema (every boot; the migration Job runs it before a rollout: apps/ledger/src/migrate.ts). */
export const migrateLedger = (databaseUrl: string): Promise<void> => runMigrations(databaseUrl, LEDGER_SCHEMA, ledgerMigrations);

/** Migrates the ledger schema and builds its HTTP app (not yet listening). */
export async function createLedgerApp(options: LedgerServiceOptions): Promise<INestApplication> {
  await migrateLedger(options.databaseUrl);
  const app = await createHttpApp(LedgerModule.register(options), { logger: options.logger });
  const lane = serveFastLane(app, walletFastLane(app, options.internalSecret), { service: options.logger.service, logger: options.logger });
  if (options.fastLanePort) serveFastLaneOnPort(lane, options.fastLanePort);
  return app;
}
