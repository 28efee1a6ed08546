import type { RefundCreditsRequest } from '@credits/contracts/http';
import { timeOrderedUuid } from '@credits/event-store';
import { Problems } from '@credits/platform/core';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { creditsField, InternalWalletOperations, type InternalCall } from '../internal-api/internal-wallet-operations';
import type { WalletCommandResponse } from '../wallets/wallet-command.executor';

export class RefundCreditsCommand {
  constructor(
    readonly call: InternalCall,
    readonly request: RefundCreditsRequest,
  ) {}
}

/** Refunds a spend or a captured hold, whole or in part, into the lots it came from (R9). */
@CommandHandler(RefundCreditsCommand)
export class RefundCreditsHandler implements ICommandHandler<RefundCreditsCommand, WalletCommandResponse> {
  constructor(private readonly operations: InternalWalletOperations) {}

  async execute({ call, request }: RefundCreditsCommand): Promise<WalletCommandResponse> {
    if ((request.spendId === undefined) === (request.holdId === undefined)) {
      throw Problems.validation([{ field: 'spendId', reason: 'give exactly one of spendId or holdId' }]);
    }
    const amount = request.amount === undefined ? undefined : creditsField('amount', request.amount);
    const target = request.spendId !== undefined ? { spendId: request.spendId } : { holdId: request.holdId as string };
    return this.operations.run(call, {
      operation: 'refund',
      request,
      takesCredits: false,
      command: (base) => ({ type: 'RefundSpend', ...base, reason: request.reason, refundId: timeOrderedUuid(), amount, ...target }),
    });
  }
}
