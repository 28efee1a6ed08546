import { checkpointsDdl, eventStoreDdl } from '@credits/event-store';
import { inboxDdl } from '@credits/messaging';
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class LedgerInitial1763800000001 implements MigrationInterface {
  name = 'LedgerInitial1763800000001';

  async up(runner: QueryRunner): Promise<void> {
    for (const sql of [...eventStoreDdl('ledger'), ...checkpointsDdl('ledger'), ...inboxDdl('ledger')]) await runner.query(sql);
    // Snapshot + projection of each wallet, written in the same transaction as its events.
    await runner.query(`CREATE TABLE ledger.wallets (
      wallet_id text PRIMARY KEY,
      location_id text NOT NULL,
      owner_type text NOT NULL,
      owner_id text NOT NULL,
      version integer NOT NULL,
      state jsonb NOT NULL,
      updated_at timestamptz NOT NULL
    )`);
    await runner.query(`CREATE TABLE ledger.idempotency (
      wallet_id text NOT NULL,
      key text NOT NULL,
      request_hash text NOT NULL,
      status integer NOT NULL,
      body jsonb NOT NULL,
      created_at timestamptz NOT NULL,
      PRIMARY KEY (wallet_id, key)
    )`);
    // What the ledger knows of membership, fed by membership events (never by reading its tables).
    await runner.query(`CREATE TABLE ledger.locations (
      location_id text PRIMARY KEY,
      currency char(3) NOT NULL,
      credits_enabled boolean NOT NULL
    )`);
    await runner.query(`CREATE TABLE ledger.members (
      location_id text NOT NULL,
      user_id text NOT NULL,
      role text NOT NULL,
      active boolean NOT NULL,
      PRIMARY KEY (location_id, user_id)
    )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of ['members', 'locations', 'idempotency', 'wallets', 'inbox', 'checkpoints', 'events']) {
      await runner.query(`DROP TABLE ledger.${table}`);
    }
  }
}
