import { parseWalletId, type Actor, type SpendPurpose, type WalletOwner } from '@credits/contracts';
import type { SpendCreditsRequest } from '@credits/contracts/http';
import { parseCredits, type LedgerCommand } from '@credits/ledger-domain';
import { Problems } from '@credits/platform/core';
import type { Pool } from 'pg';
import { requireSpender } from '../access/wallet-access';
import type { WalletCommandExecutor, WalletCommandResponse } from '../wallets/wallet-command.executor';
import { eventsByIds } from '../wallets/wallet.store';
import { operationView } from './wallet-operation.view';

/** One call of the internal API: which wallet, which service (named by its internal token), its key, when. */
export interface InternalCall {
  readonly walletId: string;
  readonly callerId: string;
  readonly idempotencyKey: string;
  readonly now: Date;
}

/** The fields every command shares, ready to spread into a LedgerCommand. */
export interface CommandBase {
  readonly walletId: string;
  readonly now: string;
  readonly actor: Actor;
}

/** What one internal operation (spend, hold, capture, release, refund) asks of the wallet. */
export interface InternalOperation {
  /** names the operation in the idempotency record, so one key cannot serve two operations */
  readonly operation: string;
  readonly request: object;
  /** spends and holds take credits: only from active members' wallets, with credits enabled (R1, R2) */
  readonly takesCredits: boolean;
  readonly command: (base: CommandBase) => LedgerCommand;
}

/** What a spend and a hold both put into their command, besides the base and their own id. */
export interface TakenCredits {
  readonly reason: string;
  readonly amount: number;
  readonly purpose: SpendPurpose;
}

export function walletOwnerOf(walletId: string): WalletOwner {
  const owner = parseWalletId(walletId);
  if (!owner) throw Problems.notFound(`wallet ${walletId} does not exist (wallet ids look like wallet:<locationId>:user|company:<ownerId>)`);
  return owner;
}

/** Credits text from a request ("12.50") as hundredths, or a 400 naming the field. */
export function creditsField(field: string, text: string): number {
  const parsed = parseCredits(text);
  if (!parsed.ok) throw Problems.validation([{ field, reason: parsed.reason }]);
  return parsed.value;
}

/**
 * The stored key of a service's Idempotency-Key: the service's name, then `:`, then its key, so two
 * services cannot collide on one wallet. A `\` or `:` in the name is escaped (`\\`, `\:`): the first
 * unescaped `:` ends the name, so ("a", "b:c") and ("a:b", "c") stay apart, while the names services
 * have (no `:` or `\`) give the keys already stored (no migration).
 */
export function internalIdempotencyKey(callerId: string, idempotencyKey: string): string {
  return `${callerId.replace(/[\\:]/g, '\\$&')}:${idempotencyKey}`;
}

/**
 * Runs the internal API's commands through the executor (lock, idempotency, decide, append) and
 * answers with what each did: the touched lots, read back from its events so a replay answers the same.
 * Framework-free (the module provides it), so tests drive it directly.
 */
export class InternalWalletOperations {
  constructor(
    private readonly executor: WalletCommandExecutor,
    private readonly pool: Pool,
  ) {}

  /**
   * A spend or a hold (a hold's request is a spend's plus `expiresAt`): both take credits, so only
   * from active members' wallets with credits enabled. The amount is checked before the wallet.
   */
  async take(call: InternalCall, operation: 'spend' | 'hold', request: SpendCreditsRequest, command: (base: CommandBase & TakenCredits) => LedgerCommand): Promise<WalletCommandResponse> {
    const taken: TakenCredits = {
      reason: request.reason,
      amount: creditsField('amount', request.amount),
      purpose: { resourceType: request.purpose.resourceType, reference: request.purpose.reference },
    };
    return this.run(call, { operation, request, takesCredits: true, command: (base) => command({ ...base, ...taken }) });
  }

  async run(call: InternalCall, operation: InternalOperation): Promise<WalletCommandResponse> {
    const owner = walletOwnerOf(call.walletId);
    const response = await this.executor.execute({
      owner,
      idempotencyKey: internalIdempotencyKey(call.callerId, call.idempotencyKey),
      request: { operation: operation.operation, ...operation.request },
      access: operation.takesCredits ? { callerId: null, check: (facts) => requireSpender(facts, owner) } : undefined,
      command: (walletId) => operation.command({ walletId, now: call.now.toISOString(), actor: { type: 'system', id: call.callerId } }),
    });
    if (response.status !== 201) return response;
    const { eventIds, ...wallet } = response.body as { eventIds: string[] };
    const [event] = await eventsByIds(this.pool, eventIds);
    return { ...response, body: { ...operationView(event), wallet, eventIds } };
  }
}
