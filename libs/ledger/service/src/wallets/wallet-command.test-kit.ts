import type { WalletOwner } from '@credits/contracts';
import { runMigrations } from '@credits/platform/core';
import { createTestDatabase } from '@credits/test-infra';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { ledgerMigrations } from '../migrations';
import type { WalletCommandRequest } from './wallet-command.executor';

/** A fresh database with the ledger schema migrated, and a pool on it. */
export async function createLedgerDatabase(prefix: string, poolSize = 10): Promise<{ url: string; pool: Pool }> {
  const url = await createTestDatabase(prefix);
  await runMigrations(url, 'ledger', ledgerMigrations);
  return { url, pool: new Pool({ connectionString: url, max: poolSize }) };
}

export const userWallet = (ownerId: string, locationId = 'loc-1'): WalletOwner => ({ locationId, ownerType: 'user', ownerId });

const actor = { type: 'system', id: 'test' } as const;

export function grantRequest(owner: WalletOwner, amount: number, key: string = randomUUID(), now = new Date().toISOString()): WalletCommandRequest {
  return {
    owner,
    idempotencyKey: key,
    request: { operation: 'grant', amount },
    command: (walletId) => ({ type: 'GrantCredits', walletId, now, actor, reason: 'test', lotId: randomUUID(), kind: 'permanent', amount, source: 'admin' }),
  };
}

export function spendRequest(owner: WalletOwner, amount: number, key: string = randomUUID(), now = new Date().toISOString()): WalletCommandRequest {
  return {
    owner,
    idempotencyKey: key,
    request: { operation: 'spend', amount },
    command: (walletId) => ({
      type: 'SpendCredits',
      walletId,
      now,
      actor,
      reason: 'test',
      spendId: randomUUID(),
      amount,
      purpose: { resourceType: 'room', reference: 'room-1' },
    }),
  };
}
