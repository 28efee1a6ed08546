import { creditsFromText } from '@credits/contracts';
import type { CreateCreditOptionRequest, CreditOptionResponse } from '@credits/contracts/http';
import { withTransaction } from '@credits/event-store';
import type { MemberFactsSource, RequestActor } from '@credits/platform';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { loadCaller, requireAdmin, requireCreditsEnabled } from '../shared/billing-caller';
import { BILLING_POOL, MEMBER_FACTS } from '../shared/billing.tokens';
import { optionResponse, requireLocationCurrency, saveOption } from '../shared/credit-option.store';

export class CreateCreditOptionCommand {
  constructor(readonly actor: RequestActor, readonly locationId: string, readonly request: CreateCreditOptionRequest, readonly now: Date) {}
}

/** R10: admins offer N credits for a price in the location's currency, while credits are on (R2). */
@CommandHandler(CreateCreditOptionCommand)
export class CreateCreditOptionHandler implements ICommandHandler<CreateCreditOptionCommand, CreditOptionResponse> {
  constructor(@Inject(BILLING_POOL) private readonly pool: Pool, @Inject(MEMBER_FACTS) private readonly members: MemberFactsSource) {}

  async execute({ actor, locationId, request, now }: CreateCreditOptionCommand): Promise<CreditOptionResponse> {
    const caller = await loadCaller(this.members, locationId, actor);
    requireAdmin(caller, 'create credit options');
    requireCreditsEnabled(caller.facts, locationId);
    requireLocationCurrency(request.price.currency, caller.facts.currency);
    const option = {
      optionId: randomUUID(),
      locationId,
      name: request.name,
      status: 'active' as const,
      credits: creditsFromText(request.credits),
      listPrice: { amount: request.price.amount, currency: request.price.currency },
    };
    await withTransaction(this.pool, (client) => saveOption(client, option, now));
    return optionResponse(option);
  }
}
