import type { WalletOwner } from '@credits/contracts';
import type { WalletState } from '@credits/ledger-domain';
import type { PoolClient } from 'pg';

/** A row of the wallet projection (ledger.wallets): the wallet's state as of its last event. */
export interface WalletRow {
  readonly wallet_id: string;
  readonly location_id: string;
  readonly owner_type: string;
  readonly owner_id: string;
  readonly version: number;
  readonly state: WalletState;
  readonly updated_at: string;
}

export function walletRow(owner: WalletOwner, state: WalletState, updatedAt: string): WalletRow {
  return {
    wallet_id: state.walletId,
    location_id: owner.locationId,
    owner_type: owner.ownerType,
    owner_id: owner.ownerId,
    version: state.version,
    state,
    updated_at: updatedAt,
  };
}

/** The upsert of wallet rows given as one JSON document in parameter `param` (e.g. `$1`) into `table`. */
export function upsertWalletRowsSql(table: string, param: string): string {
  return `INSERT INTO ${table} (wallet_id, location_id, owner_type, owner_id, version, state, updated_at)
     SELECT wallet_id, location_id, owner_type, owner_id, version, state, updated_at
     FROM json_to_recordset(${param}::json) AS w(wallet_id text, location_id text, owner_type text, owner_id text, version int,
                                          state jsonb, updated_at timestamptz)
     ON CONFLICT (wallet_id) DO UPDATE SET version = EXCLUDED.version, state = EXCLUDED.state, updated_at = EXCLUDED.updated_at`;
}

/**
 * Inserts or replaces wallet rows with one statement; `table` is the live projection or a rebuild
 * of it. The rows go in as one JSON document: cheaper to encode than one array parameter per column.
 */
export async function upsertWalletRows(client: Pick<PoolClient, 'query'>, rows: readonly WalletRow[], table = 'ledger.wallets'): Promise<void> {
  if (rows.length === 0) return;
  await client.query(upsertWalletRowsSql(table, '$1'), [JSON.stringify(rows)]);
}
