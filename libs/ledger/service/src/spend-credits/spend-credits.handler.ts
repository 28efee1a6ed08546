import type { SpendCreditsRequest } from '@credits/contracts/http';
import { timeOrderedUuid } from '@credits/event-store';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InternalWalletOperations, type InternalCall } from '../internal-api/internal-wallet-operations';
import type { WalletCommandResponse } from '../wallets/wallet-command.executor';

export class SpendCreditsCommand {
  constructor(
    readonly call: InternalCall,
    readonly request: SpendCreditsRequest,
  ) {}
}

/** Pays with credits (R7 order, all or nothing; 409 with the shortfall). */
@CommandHandler(SpendCreditsCommand)
export class SpendCreditsHandler implements ICommandHandler<SpendCreditsCommand, WalletCommandResponse> {
  constructor(private readonly operations: InternalWalletOperations) {}

  execute({ call, request }: SpendCreditsCommand): Promise<WalletCommandResponse> {
    return this.operations.take(call, 'spend', request, (base) => ({ type: 'SpendCredits', ...base, spendId: timeOrderedUuid() }));
  }
}
