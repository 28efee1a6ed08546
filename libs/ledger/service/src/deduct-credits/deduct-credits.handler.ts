import type { WalletOwner } from '@credits/contracts';
import type { DeductCreditsRequest } from '@credits/contracts/http';
import { timeOrderedUuid } from '@credits/event-store';
import { parseCredits } from '@credits/ledger-domain';
import { Problems, type RequestActor } from '@credits/platform';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { deductionAccess } from '../access/wallet-access';
import { WalletCommandExecutor, type WalletCommandResponse } from '../wallets/wallet-command.executor';

export class DeductCreditsCommand {
  constructor(
    readonly actor: RequestActor,
    readonly owner: WalletOwner,
    readonly idempotencyKey: string,
    readonly request: DeductCreditsRequest,
    readonly now: Date,
  ) {}
}

/** R6: an admin deducts permanent, expiring or any credits, never below zero (409 with the shortfall). */
@CommandHandler(DeductCreditsCommand)
export class DeductCreditsHandler implements ICommandHandler<DeductCreditsCommand, WalletCommandResponse> {
  constructor(private readonly executor: WalletCommandExecutor) {}

  async execute({ actor, owner, idempotencyKey, request, now }: DeductCreditsCommand): Promise<WalletCommandResponse> {
    const amount = parseCredits(request.amount);
    if (!amount.ok) throw Problems.validation([{ field: 'amount', reason: amount.reason }]);
    return this.executor.execute({
      owner,
      idempotencyKey,
      request: { operation: 'deduct', amount: amount.value, kind: request.kind, reason: request.reason },
      access: deductionAccess(owner, actor),
      command: (walletId) => ({
        type: 'DeductCredits',
        walletId,
        now: now.toISOString(),
        actor: { type: actor.isOperator ? 'operator' : 'user', id: actor.userId },
        reason: request.reason,
        deductionId: timeOrderedUuid(),
        kind: request.kind,
        amount: amount.value,
      }),
    });
  }
}
