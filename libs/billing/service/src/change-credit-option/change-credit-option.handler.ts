import { creditsFromText } from '@credits/contracts';
import type { CreditOptionResponse, UpdateCreditOptionRequest } from '@credits/contracts/http';
import { withTransaction } from '@credits/event-store';
import { Problems } from '@credits/platform/core';
import type { MemberFactsSource, RequestActor } from '@credits/platform';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import { loadCaller, requireAdmin, requireCreditsEnabled } from '../shared/billing-caller';
import { BILLING_POOL, MEMBER_FACTS } from '../shared/billing.tokens';
import { optionResponse, requireLocationCurrency, requireOption, saveOption } from '../shared/credit-option.store';

export class ChangeCreditOptionCommand {
  constructor(readonly actor: RequestActor, readonly locationId: string, readonly optionId: string, readonly request: UpdateCreditOptionRequest, readonly now: Date) {}
}

/** Admins edit an active option; purchases made before keep what they bought and paid. */
@CommandHandler(ChangeCreditOptionCommand)
export class ChangeCreditOptionHandler implements ICommandHandler<ChangeCreditOptionCommand, CreditOptionResponse> {
  constructor(@Inject(BILLING_POOL) private readonly pool: Pool, @Inject(MEMBER_FACTS) private readonly members: MemberFactsSource) {}

  async execute({ actor, locationId, optionId, request, now }: ChangeCreditOptionCommand): Promise<CreditOptionResponse> {
    const caller = await loadCaller(this.members, locationId, actor);
    requireAdmin(caller, 'edit credit options');
    requireCreditsEnabled(caller.facts, locationId);
    if (request.price) requireLocationCurrency(request.price.currency, caller.facts.currency);
    return withTransaction(this.pool, async (client) => {
      const option = await requireOption(client, locationId, optionId, true);
      if (option.status === 'archived') throw Problems.conflict('option-archived', 'Credit option archived', `credit option ${optionId} is archived and cannot be edited`);
      const changed = {
        ...option,
        name: request.name ?? option.name,
        credits: request.credits === undefined ? option.credits : creditsFromText(request.credits),
        listPrice: request.price ? { amount: request.price.amount, currency: request.price.currency } : option.listPrice,
      };
      await saveOption(client, changed, now);
      return optionResponse(changed);
    });
  }
}
