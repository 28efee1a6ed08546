import type { ReleaseHoldRequest } from '@credits/contracts/http';
import type { WalletCommandResponse } from '../wallets/wallet-command.executor';
import { runInternalCommand, type InternalApiDeps, type InternalCall } from '../internal-api/internal-wallet-command';

/** Gives a hold's credits back to their lots (the part whose lot expired meanwhile expires at once). */
export function releaseHold(deps: InternalApiDeps, call: InternalCall, holdId: string, request: ReleaseHoldRequest): Promise<WalletCommandResponse> {
  return runInternalCommand(deps, call, {
    operation: 'release',
    request: { holdId, ...request },
    takesCredits: false,
    command: (base) => ({ type: 'ReleaseHold', ...base, reason: request.reason ?? 'hold released', holdId }),
  });
}
