import type { Pool } from 'pg';
import { createLedgerDatabase } from '../wallets/wallet-command.test-kit';
import { WalletCommandExecutor } from '../wallets/wallet-command.executor';

/** A migrated ledger database of its own, with the executor on it (integration tests, no Nest). */
export async function ledgerTestDatabase(prefix: string): Promise<{ pool: Pool; executor: WalletCommandExecutor }> {
  const { pool } = await createLedgerDatabase(prefix, 20);
  return { pool, executor: new WalletCommandExecutor(pool) };
}

/** What membership events would have told the ledger: a location with credits on and its members. */
export async function seedLocation(pool: Pool, locationId: string, members: readonly string[], currency = 'EUR'): Promise<void> {
  await pool.query(`INSERT INTO ledger.locations (location_id, currency, credits_enabled) VALUES ($1, $2, true)`, [locationId, currency]);
  for (const userId of members) {
    await pool.query(`INSERT INTO ledger.members (location_id, user_id, role, active) VALUES ($1, $2, 'member', true)`, [locationId, userId]);
  }
}

export async function grant(
  executor: WalletCommandExecutor,
  owner: { locationId: string; ownerType: 'user' | 'company'; ownerId: string },
  key: string,
  grant: { amount: number; now: string; expiresAt?: string; unitPrice?: { amount: number; currency: string }; planPeriodId?: string },
): Promise<void> {
  const response = await executor.execute({
    owner,
    idempotencyKey: key,
    request: { key },
    command: (walletId) => ({
      type: 'GrantCredits',
      walletId,
      now: grant.now,
      actor: { type: 'system', id: 'test' },
      reason: 'test grant',
      lotId: key,
      kind: grant.expiresAt ? 'expiring' : 'permanent',
      amount: grant.amount,
      source: grant.unitPrice ? 'purchase' : grant.planPeriodId ? 'plan' : 'admin',
      expiresAt: grant.expiresAt ?? null,
      planPeriodId: grant.planPeriodId ?? null,
      unitPrice: grant.unitPrice ?? null,
    }),
  });
  if (response.status !== 201) throw new Error(`grant failed: ${JSON.stringify(response.body)}`);
}

export async function eventCount(pool: Pool, walletId: string, type: string): Promise<number> {
  const result = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ledger.events WHERE stream_id = $1 AND type = $2`, [walletId, type]);
  return result.rows[0].n;
}
