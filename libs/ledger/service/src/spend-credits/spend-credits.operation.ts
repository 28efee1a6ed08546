import type { SpendCreditsRequest } from '@credits/contracts/http';
import { randomUUID } from 'node:crypto';
import type { WalletCommandResponse } from '../wallets/wallet-command.executor';
import { creditsField, runInternalCommand, type InternalApiDeps, type InternalCall } from '../internal-api/internal-wallet-command';

/** Pays with credits (R7 order, all or nothing; 409 with the shortfall). */
export function spendCredits(deps: InternalApiDeps, call: InternalCall, request: SpendCreditsRequest): Promise<WalletCommandResponse> {
  const amount = creditsField('amount', request.amount);
  return runInternalCommand(deps, call, {
    operation: 'spend',
    request,
    takesCredits: true,
    command: (base) => ({
      type: 'SpendCredits',
      ...base,
      reason: request.reason,
      spendId: randomUUID(),
      amount,
      purpose: { resourceType: request.purpose.resourceType, reference: request.purpose.reference },
    }),
  });
}
