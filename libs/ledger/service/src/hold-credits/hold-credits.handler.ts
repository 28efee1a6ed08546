import type { HoldCreditsRequest } from '@credits/contracts/http';
import { timeOrderedUuid } from '@credits/event-store';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InternalWalletOperations, type InternalCall } from '../internal-api/internal-wallet-operations';
import type { WalletCommandResponse } from '../wallets/wallet-command.executor';

export class HoldCreditsCommand {
  constructor(
    readonly call: InternalCall,
    readonly request: HoldCreditsRequest,
  ) {}
}

/** Reserves credits for a pending booking until `expiresAt`; held credits cannot be spent elsewhere. */
@CommandHandler(HoldCreditsCommand)
export class HoldCreditsHandler implements ICommandHandler<HoldCreditsCommand, WalletCommandResponse> {
  constructor(private readonly operations: InternalWalletOperations) {}

  execute({ call, request }: HoldCreditsCommand): Promise<WalletCommandResponse> {
    return this.operations.take(call, 'hold', request, (base) => ({ type: 'HoldCredits', ...base, holdId: timeOrderedUuid(), expiresAt: new Date(request.expiresAt).toISOString() }));
  }
}
