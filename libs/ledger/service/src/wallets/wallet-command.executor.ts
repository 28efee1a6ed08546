import { walletIdFor, type LedgerEvent, type WalletOwner } from '@credits/contracts';
import { LOCK_KEY_SQL, PgEventStore, withTransaction } from '@credits/event-store';
import { decide, evolve, initialWalletState, type LedgerCommand, type WalletState } from '@credits/ledger-domain';
import { ProblemException, Problems, currentContext } from '@credits/platform/core';
import { createHash, randomUUID } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import { LEDGER_SCHEMA } from '../shared/ledger.tokens';
import { balanceView, rejectionProblem } from './wallet-views';

export interface WalletCommandRequest {
  readonly owner: WalletOwner;
  readonly idempotencyKey: string;
  /** what the client sent; the same key with a different request is refused */
  readonly request: unknown;
  /** checks that need the transaction's fresh data (membership facts); throw to refuse */
  readonly precondition: (client: PoolClient) => Promise<void>;
  readonly command: (walletId: string) => LedgerCommand;
  readonly causationId?: string | null;
}

export interface WalletCommandResponse {
  readonly status: number;
  readonly body: object;
  readonly replayed: boolean;
}

const eventStore = new PgEventStore(LEDGER_SCHEMA);

export async function loadWallet(db: Pool | PoolClient, walletId: string): Promise<WalletState> {
  const result = await db.query<{ state: WalletState }>(`SELECT state FROM ledger.wallets WHERE wallet_id = $1`, [walletId]);
  return result.rows[0]?.state ?? initialWalletState(walletId);
}

/**
 * The ledger's command path: one transaction per command that locks the wallet, answers a retried
 * idempotency key with the first response, decides on the current state, appends the events
 * (expected version checked) and writes the wallet projection and the idempotency record with them.
 * Framework-free, so it can be driven directly by tests and benchmarks.
 */
export class WalletCommandExecutor {
  constructor(private readonly pool: Pool) {}

  async execute(request: WalletCommandRequest): Promise<WalletCommandResponse> {
    const walletId = walletIdFor(request.owner);
    const requestHash = createHash('sha256').update(JSON.stringify(request.request)).digest('hex');
    return withTransaction(this.pool, async (client) => {
      // The lock serializes commands of one wallet (no overdraft) and orders their commits.
      await client.query(LOCK_KEY_SQL, [walletId]);
      const previous = await client.query<{ request_hash: string; status: number; body: object }>(
        `SELECT request_hash, status, body FROM ledger.idempotency WHERE wallet_id = $1 AND key = $2`,
        [walletId, request.idempotencyKey],
      );
      if (previous.rows[0]) {
        if (previous.rows[0].request_hash !== requestHash) {
          throw Problems.unprocessable(
            'idempotency-key-reused',
            'Idempotency-Key already used',
            'this Idempotency-Key was used for a different request; use a new key for a new change',
          );
        }
        return { status: previous.rows[0].status, body: previous.rows[0].body, replayed: true };
      }
      await request.precondition(client);
      const state = await loadWallet(client, walletId);
      const command = request.command(walletId);
      const decision = decide(command, state);
      const response = decision.ok
        ? await this.apply(client, request, state, decision.events, command.now)
        : this.refusal(rejectionProblem(decision.rejection));
      await client.query(
        `INSERT INTO ledger.idempotency (wallet_id, key, request_hash, status, body, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
        [walletId, request.idempotencyKey, requestHash, response.status, JSON.stringify(response.body), command.now],
      );
      return response;
    });
  }

  private async apply(
    client: PoolClient,
    request: WalletCommandRequest,
    state: WalletState,
    events: readonly LedgerEvent[],
    now: string,
  ): Promise<WalletCommandResponse> {
    const correlationId = currentContext()?.correlationId ?? randomUUID();
    const stored = events.map((event) => ({
      eventId: randomUUID(),
      type: event.type,
      version: event.version,
      data: event.data,
      metadata: { correlationId, causationId: request.causationId ?? null },
      occurredAt: event.data.occurredAt,
    }));
    const version = await eventStore.append(client, state.walletId, state.version, stored);
    const next = events.reduce(evolve, state);
    await client.query(
      `INSERT INTO ledger.wallets (wallet_id, location_id, owner_type, owner_id, version, state, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (wallet_id) DO UPDATE SET version = EXCLUDED.version, state = EXCLUDED.state, updated_at = EXCLUDED.updated_at`,
      [state.walletId, request.owner.locationId, request.owner.ownerType, request.owner.ownerId, version, JSON.stringify(next), now],
    );
    return { status: 201, body: { ...balanceView(next, now), eventIds: stored.map((e) => e.eventId) }, replayed: false };
  }

  private refusal(problem: ProblemException): WalletCommandResponse {
    return { status: problem.status, body: problem.toProblem(), replayed: false };
  }
}
