import type { CreditOptionResponse } from '@credits/contracts/http';
import { withTransaction } from '@credits/event-store';
import type { MemberFactsSource, RequestActor } from '@credits/platform';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import { loadCaller, requireAdmin } from '../shared/billing-caller';
import { BILLING_POOL, MEMBER_FACTS } from '../shared/billing.tokens';
import { optionResponse, requireOption, saveOption } from '../shared/credit-option.store';

export class ArchiveCreditOptionCommand {
  constructor(readonly actor: RequestActor, readonly locationId: string, readonly optionId: string, readonly now: Date) {}
}

/** Admins withdraw an option: nobody can buy it any more (also while credits are off); archiving twice changes nothing. */
@CommandHandler(ArchiveCreditOptionCommand)
export class ArchiveCreditOptionHandler implements ICommandHandler<ArchiveCreditOptionCommand, CreditOptionResponse> {
  constructor(@Inject(BILLING_POOL) private readonly pool: Pool, @Inject(MEMBER_FACTS) private readonly members: MemberFactsSource) {}

  async execute({ actor, locationId, optionId, now }: ArchiveCreditOptionCommand): Promise<CreditOptionResponse> {
    requireAdmin(await loadCaller(this.members, locationId, actor), 'archive credit options');
    return withTransaction(this.pool, async (client) => {
      const option = await requireOption(client, locationId, optionId, true);
      const archived = { ...option, status: 'archived' as const };
      if (option.status !== 'archived') await saveOption(client, archived, now);
      return optionResponse(archived);
    });
  }
}
