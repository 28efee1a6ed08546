import type { RefundCreditsRequest } from '@credits/contracts/http';
import { Problems } from '@credits/platform/core';
import { randomUUID } from 'node:crypto';
import type { WalletCommandResponse } from '../wallets/wallet-command.executor';
import { creditsField, runInternalCommand, type InternalApiDeps, type InternalCall } from '../internal-api/internal-wallet-command';

/** Refunds a spend or a captured hold, whole or in part, into the lots it came from (R9). */
export function refundCredits(deps: InternalApiDeps, call: InternalCall, request: RefundCreditsRequest): Promise<WalletCommandResponse> {
  if ((request.spendId === undefined) === (request.holdId === undefined)) {
    throw Problems.validation([{ field: 'spendId', reason: 'give exactly one of spendId or holdId' }]);
  }
  const amount = request.amount === undefined ? undefined : creditsField('amount', request.amount);
  const target = request.spendId !== undefined ? { spendId: request.spendId } : { holdId: request.holdId as string };
  return runInternalCommand(deps, call, {
    operation: 'refund',
    request,
    takesCredits: false,
    command: (base) => ({ type: 'RefundSpend', ...base, reason: request.reason, refundId: randomUUID(), amount, ...target }),
  });
}
