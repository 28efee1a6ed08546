import type { WalletOwner } from '@credits/contracts';
import { nextDueAt, nextWarningAt, snapshotOf, type WalletState } from '@credits/ledger-domain';
import type { PoolClient } from 'pg';

/** A row of the wallet projection (ledger.wallets): the wallet's snapshot (snapshotOf) as of its last event. */
export interface WalletRow {
  readonly wallet_id: string;
  readonly location_id: string;
  readonly owner_type: string;
  readonly owner_id: string;
  readonly version: number;
  readonly state: WalletState;
  readonly updated_at: string;
  /** when the expiry scheduler must next expire or release something (indexed) */
  readonly next_due_at: string | null;
  /** when credits that no CreditsExpiringSoon covers yet expire (indexed) */
  readonly next_warning_at: string | null;
}

export function walletRow(owner: WalletOwner, state: WalletState, updatedAt: string): WalletRow {
  return {
    wallet_id: state.walletId,
    location_id: owner.locationId,
    owner_type: owner.ownerType,
    owner_id: owner.ownerId,
    version: state.version,
    state: snapshotOf(state),
    updated_at: updatedAt,
    next_due_at: nextDueAt(state),
    next_warning_at: nextWarningAt(state),
  };
}

/**
 * The upsert of wallet rows given as one JSON document in parameter `param` (e.g. `$1`) into `table`;
 * `insertIf`: a condition on the whole statement; `updateIf`: one an existing row must meet to be
 * replaced (it sees the row's last committed version, `${table}`, and the new one, EXCLUDED).
 */
export function upsertWalletRowsSql(table: string, param: string, options: { readonly insertIf?: string; readonly updateIf?: string } = {}): string {
  return `INSERT INTO ${table} (wallet_id, location_id, owner_type, owner_id, version, state, updated_at, next_due_at, next_warning_at)
     SELECT wallet_id, location_id, owner_type, owner_id, version, state, updated_at, next_due_at, next_warning_at
     FROM json_to_recordset(${param}::json) AS w(wallet_id text, location_id text, owner_type text, owner_id text, version int,
                                          state json, updated_at timestamptz, next_due_at timestamptz, next_warning_at timestamptz)
     ${options.insertIf ? `WHERE ${options.insertIf}` : ''}
     ON CONFLICT (wallet_id) DO UPDATE SET version = EXCLUDED.version, state = EXCLUDED.state, updated_at = EXCLUDED.updated_at,
       next_due_at = EXCLUDED.next_due_at, next_warning_at = EXCLUDED.next_warning_at
     ${options.updateIf ? `WHERE ${options.updateIf}` : ''}`;
}

/**
 * Inserts or replaces wallet rows with one statement; `table` is the live projection or a rebuild
 * of it. The rows go in as one JSON document: cheaper to encode than one array parameter per column.
 */
export async function upsertWalletRows(client: Pick<PoolClient, 'query'>, rows: readonly WalletRow[], table = 'ledger.wallets'): Promise<void> {
  if (rows.length === 0) return;
  await client.query(upsertWalletRowsSql(table, '$1'), [JSON.stringify(rows)]);
}
