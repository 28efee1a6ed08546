import type { HoldCreditsRequest } from '@credits/contracts/http';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { creditsField, InternalWalletOperations, type InternalCall } from '../internal-api/internal-wallet-operations';
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

  async execute({ call, request }: HoldCreditsCommand): Promise<WalletCommandResponse> {
    const amount = creditsField('amount', request.amount);
    return this.operations.run(call, {
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
}
