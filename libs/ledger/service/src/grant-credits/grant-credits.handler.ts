import type { WalletOwner } from '@credits/contracts';
import type { GrantCreditsRequest } from '@credits/contracts/http';
import { timeOrderedUuid } from '@credits/event-store';
import { parseCredits } from '@credits/ledger-domain';
import { Problems, type RequestActor } from '@credits/platform';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { grantAccess } from '../access/wallet-access';
import { WalletCommandExecutor, type WalletCommandResponse } from '../wallets/wallet-command.executor';

export class GrantCreditsCommand {
  constructor(
    readonly actor: RequestActor,
    readonly owner: WalletOwner,
    readonly idempotencyKey: string,
    readonly request: GrantCreditsRequest,
    readonly now: Date,
  ) {}
}

/** An admin gift (R5): permanent, or expiring at an explicit instant. */
@CommandHandler(GrantCreditsCommand)
export class GrantCreditsHandler implements ICommandHandler<GrantCreditsCommand, WalletCommandResponse> {
  constructor(private readonly executor: WalletCommandExecutor) {}

  async execute({ actor, owner, idempotencyKey, request, now }: GrantCreditsCommand): Promise<WalletCommandResponse> {
    const amount = parseCredits(request.amount);
    if (!amount.ok) throw Problems.validation([{ field: 'amount', reason: amount.reason }]);
    if (request.kind === 'permanent' && request.expiresAt !== undefined) {
      throw Problems.validation([{ field: 'expiresAt', reason: 'permanent credits never expire; omit expiresAt' }]);
    }
    const expiresAt = request.kind === 'expiring' ? new Date(request.expiresAt!).toISOString() : null;
    return this.executor.execute({
      owner,
      idempotencyKey,
      request: { operation: 'grant', amount: amount.value, kind: request.kind, expiresAt, reason: request.reason },
      access: grantAccess(owner, actor),
      command: (walletId) => ({
        type: 'GrantCredits',
        walletId,
        now: now.toISOString(),
        actor: { type: actor.isOperator ? 'operator' : 'user', id: actor.userId },
        reason: request.reason,
        lotId: timeOrderedUuid(),
        kind: request.kind,
        amount: amount.value,
        source: 'admin',
        expiresAt,
      }),
    });
  }
}
