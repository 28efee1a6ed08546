import type { MembershipEvent } from '@credits/contracts';
import type { MemberResponse } from '@credits/contracts/http';
import { decideMemberChange } from '@credits/membership-domain';
import type { RequestActor } from '@credits/platform';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import { cancelAssignment, currentPeriodOfHolder } from '../plan-periods/assignment-lifecycle';
import { leaveCompanies } from '../shared/company.store';
import { memberFacts, saveMember } from '../shared/location.store';
import { decided, inLocation, type Outcome } from '../shared/membership-command';
import { MEMBERSHIP_POOL } from '../shared/membership.tokens';

export class RemoveMemberCommand {
  constructor(readonly actor: RequestActor, readonly locationId: string, readonly userId: string, readonly now: Date) {}
}

export type RemoveMemberResult = Outcome<MemberResponse>;

/**
 * A removed member keeps their history (the events) but leaves their companies and their plan ends
 * now, so nothing grants them credits any more; the ledger refuses grants and spends for them.
 */
@CommandHandler(RemoveMemberCommand)
export class RemoveMemberHandler implements ICommandHandler<RemoveMemberCommand, RemoveMemberResult> {
  constructor(@Inject(MEMBERSHIP_POOL) private readonly pool: Pool) {}

  async execute({ actor, locationId, userId, now }: RemoveMemberCommand): Promise<RemoveMemberResult> {
    return inLocation(this.pool, locationId, actor, now, async ({ client, caller, actor: by, meta }) => {
      const facts = await memberFacts(client, locationId, caller, userId);
      const { state, events } = decided(decideMemberChange({ kind: 'remove' }, facts, meta));
      const result = { locationId, userId, ...state };
      if (events.length === 0) return { result, events };
      await saveMember(client, locationId, userId, state, now);
      const consequences: MembershipEvent[] = (await leaveCompanies(client, locationId, userId)).map((companyId) => ({
        type: 'CompanyMemberRemoved',
        version: 1,
        data: { ...meta, companyId, userId },
      }));
      const period = await currentPeriodOfHolder(client, locationId, { type: 'user', id: userId });
      if (period) consequences.push(...(await cancelAssignment(client, period, 'now', now, by)));
      return { result, events: [...consequences, ...events] };
    });
  }
}
