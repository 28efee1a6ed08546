import type { ReleaseHoldRequest } from '@credits/contracts/http';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InternalWalletOperations, type InternalCall } from '../internal-api/internal-wallet-operations';
import type { WalletCommandResponse } from '../wallets/wallet-command.executor';

export class ReleaseHoldCommand {
  constructor(
    readonly call: InternalCall,
    readonly holdId: string,
    readonly request: ReleaseHoldRequest,
  ) {}
}

/** Gives a hold's credits back to their lots (the part whose lot expired meanwhile expires at once). */
@CommandHandler(ReleaseHoldCommand)
export class ReleaseHoldHandler implements ICommandHandler<ReleaseHoldCommand, WalletCommandResponse> {
  constructor(private readonly operations: InternalWalletOperations) {}

  async execute({ call, holdId, request }: ReleaseHoldCommand): Promise<WalletCommandResponse> {
    return this.operations.run(call, {
      operation: 'release',
      request: { holdId, ...request },
      takesCredits: false,
      command: (base) => ({ type: 'ReleaseHold', ...base, reason: request.reason ?? 'hold released', holdId }),
    });
  }
}
