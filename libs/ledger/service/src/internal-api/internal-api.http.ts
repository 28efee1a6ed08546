import { IDEMPOTENCY_HEADER } from '../shared/ledger.tokens';
import { requireIdempotencyKey } from '../wallets/wallet-command.responder';
import type { InternalCall } from './internal-wallet-operations';

export const INTERNAL_WALLET_PATH = 'internal/v1/wallets/:walletId';
export { IDEMPOTENCY_HEADER };

/** The calling service (named by its internal token, acting as 'system'), its Idempotency-Key, and the clock reading. */
export function internalCall(callerId: string, walletId: string, idempotencyKey: string | undefined): InternalCall {
  return { walletId, callerId, idempotencyKey: requireIdempotencyKey(idempotencyKey), now: new Date() };
}
