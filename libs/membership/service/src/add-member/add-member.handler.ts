import type { AddMemberRequest, MemberResponse } from '@credits/contracts/http';
import { decideMemberChange } from '@credits/membership-domain';
import type { RequestActor } from '@credits/platform';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import { memberFacts, saveMember } from '../shared/location.store';
import { decided, inLocation, type Outcome } from '../shared/membership-command';
import { MEMBERSHIP_POOL } from '../shared/membership.tokens';

export class AddMemberCommand {
  constructor(readonly actor: RequestActor, readonly locationId: string, readonly request: AddMemberRequest, readonly now: Date) {}
}

export type AddMemberResult = Outcome<MemberResponse>;

/** Admins invite a user, or a removed member again (their history stays in the event stream). */
@CommandHandler(AddMemberCommand)
export class AddMemberHandler implements ICommandHandler<AddMemberCommand, AddMemberResult> {
  constructor(@Inject(MEMBERSHIP_POOL) private readonly pool: Pool) {}

  async execute({ actor, locationId, request, now }: AddMemberCommand): Promise<AddMemberResult> {
    return inLocation(this.pool, locationId, actor, now, async ({ client, caller, meta }) => {
      const facts = await memberFacts(client, locationId, caller, request.userId);
      const { state, events } = decided(decideMemberChange({ kind: 'add', role: request.role }, facts, meta));
      if (events.length > 0) await saveMember(client, locationId, request.userId, state, now);
      return { result: { locationId, userId: request.userId, ...state }, events };
    });
  }
}
