import type { CaptureHoldRequest } from '@credits/contracts/http';
import type { WalletCommandResponse } from '../wallets/wallet-command.executor';
import { creditsField, runInternalCommand, type InternalApiDeps, type InternalCall } from '../internal-api/internal-wallet-command';

/** Spends a hold, whole or in part; what is not captured goes back to its lots. */
export function captureHold(deps: InternalApiDeps, call: InternalCall, holdId: string, request: CaptureHoldRequest): Promise<WalletCommandResponse> {
  const amount = request.amount === undefined ? undefined : creditsField('amount', request.amount);
  return runInternalCommand(deps, call, {
    operation: 'capture',
    request: { holdId, ...request },
    takesCredits: false,
    command: (base) => ({ type: 'CaptureHold', ...base, reason: request.reason, holdId, amount }),
  });
}
