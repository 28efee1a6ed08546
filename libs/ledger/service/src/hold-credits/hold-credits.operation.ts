import type { HoldCreditsRequest } from '@credits/contracts/http';
import { randomUUID } from 'node:crypto';
import type { WalletCommandResponse } from '../wallets/wallet-command.executor';
import { creditsField, runInternalCommand, type InternalApiDeps, type InternalCall } from '../internal-api/internal-wallet-command';

/** Reserves credits for a pending booking until `expiresAt`; held credits cannot be spent elsewhere. */
export function holdCredits(deps: InternalApiDeps, call: InternalCall, request: HoldCreditsRequest): Promise<WalletCommandResponse> {
  const amount = creditsField('amount', request.amount);
  return runInternalCommand(deps, call, {
    operation: 'hold',
    request,
    takesCredits: true,
    command: (base) => ({
      type: 'HoldCredits',
      ...base,
      reason: request.reason,
      holdId: randomUUID(),
      amount,
      expiresAt: new Date(request.expiresAt).toISOString(),
      purpose: { resourceType: request.purpose.resourceType, reference: request.purpose.reference },
    }),
  });
}
