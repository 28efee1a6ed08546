import type { CaptureHoldRequest } from '@credits/contracts/http';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { creditsField, InternalWalletOperations, type InternalCall } from '../internal-api/internal-wallet-operations';
import type { WalletCommandResponse } from '../wallets/wallet-command.executor';

export class CaptureHoldCommand {
  constructor(
    readonly call: InternalCall,
    readonly holdId: string,
    readonly request: CaptureHoldRequest,
  ) {}
}

/** Spends a hold, whole or in part; what is not captured goes back to its lots. */
@CommandHandler(CaptureHoldCommand)
export class CaptureHoldHandler implements ICommandHandler<CaptureHoldCommand, WalletCommandResponse> {
  constructor(private readonly operations: InternalWalletOperations) {}

  async execute({ call, holdId, request }: CaptureHoldCommand): Promise<WalletCommandResponse> {
    const amount = request.amount === undefined ? undefined : creditsField('amount', request.amount);
    return this.operations.run(call, {
      operation: 'capture',
      request: { holdId, ...request },
      takesCredits: false,
      command: (base) => ({ type: 'CaptureHold', ...base, reason: request.reason, holdId, amount }),
    });
  }
}
