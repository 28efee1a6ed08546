import type { PoolClient } from 'pg';

/** ledger.plan_periods: what a plan period brought (its allowance) and left (expired at its end), for rollovers. */

export async function recordAllowance(client: PoolClient, periodId: string, walletId: string, allowance: number): Promise<void> {
  await client.query(
    `INSERT INTO ledger.plan_periods (period_id, wallet_id, allowance) VALUES ($1, $2, $3)
     ON CONFLICT (period_id) DO UPDATE SET allowance = EXCLUDED.allowance`,
    [periodId, walletId, allowance],
  );
}

/** Records what was left of a period at its end; its allowance, if its start was seen (null if not). */
export async function recordLeftover(client: PoolClient, periodId: string, walletId: string, leftover: number): Promise<number | null> {
  const saved = await client.query<{ allowance: string | null }>(
    `INSERT INTO ledger.plan_periods (period_id, wallet_id, leftover) VALUES ($1, $2, $3)
     ON CONFLICT (period_id) DO UPDATE SET leftover = EXCLUDED.leftover RETURNING allowance`,
    [periodId, walletId, leftover],
  );
  const allowance = saved.rows[0].allowance;
  return allowance === null ? null : Number(allowance);
}
