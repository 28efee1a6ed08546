import type { MemberResponse } from '@credits/contracts/http';
import { decideMemberChange } from '@credits/membership-domain';
import type { RequestActor } from '@credits/platform';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import { memberFacts, saveMember } from '../shared/location.store';
import { decided, inLocation, type Outcome } from '../shared/membership-command';
import { MEMBERSHIP_POOL } from '../shared/membership.tokens';

export class ChangeMemberRoleCommand {
  constructor(readonly actor: RequestActor, readonly locationId: string, readonly userId: string, readonly role: 'member' | 'admin', readonly now: Date) {}
}

export type ChangeMemberRoleResult = Outcome<MemberResponse>;

@CommandHandler(ChangeMemberRoleCommand)
export class ChangeMemberRoleHandler implements ICommandHandler<ChangeMemberRoleCommand, ChangeMemberRoleResult> {
  constructor(@Inject(MEMBERSHIP_POOL) private readonly pool: Pool) {}

  async execute({ actor, locationId, userId, role, now }: ChangeMemberRoleCommand): Promise<ChangeMemberRoleResult> {
    return inLocation(this.pool, locationId, actor, now, async ({ client, caller, meta }) => {
      const facts = await memberFacts(client, locationId, caller, userId);
      const { state, events } = decided(decideMemberChange({ kind: 'change-role', role }, facts, meta));
      if (events.length > 0) await saveMember(client, locationId, userId, state, now);
      return { result: { locationId, userId, ...state }, events };
    });
  }
}
