import type { AddMemberRequest, MemberResponse } from '@credits/contracts/http';
import { withTransaction } from '@credits/event-store';
import { canAdministerLocation } from '@credits/membership-domain';
import { Problems, type RequestActor } from '@credits/platform';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import { hideFromStrangers, loadCaller } from '../shared/caller-role.query';
import { lockLocation, recordEvents } from '../shared/membership-events.recorder';
import { MEMBERSHIP_POOL } from '../shared/membership.tokens';

export class AddMemberCommand {
  constructor(readonly actor: RequestActor, readonly locationId: string, readonly request: AddMemberRequest, readonly now: Date) {}
}

export interface AddMemberResult {
  readonly member: MemberResponse;
  readonly eventIds: string[];
}

@CommandHandler(AddMemberCommand)
export class AddMemberHandler implements ICommandHandler<AddMemberCommand, AddMemberResult> {
  constructor(@Inject(MEMBERSHIP_POOL) private readonly pool: Pool) {}

  async execute({ actor, locationId, request, now }: AddMemberCommand): Promise<AddMemberResult> {
    return withTransaction(this.pool, async (client) => {
      await lockLocation(client, locationId);
      const caller = await loadCaller(client, locationId, actor);
      hideFromStrangers(caller, locationId);
      if (!canAdministerLocation(caller)) throw Problems.forbidden('only location admins can add members');
      const existing = await client.query<{ status: string }>(
        `SELECT status FROM membership.members WHERE location_id = $1 AND user_id = $2`,
        [locationId, request.userId],
      );
      if (existing.rows[0]?.status === 'active') {
        throw Problems.conflict('member-exists', 'Already a member', `${request.userId} is already a member of this location`);
      }
      // A removed member can be invited again; their history stays in the event stream.
      await client.query(
        `INSERT INTO membership.members (location_id, user_id, role, status, joined_at) VALUES ($1, $2, $3, 'active', $4)
         ON CONFLICT (location_id, user_id) DO UPDATE SET role = EXCLUDED.role, status = 'active', joined_at = EXCLUDED.joined_at, removed_at = NULL`,
        [locationId, request.userId, request.role, now],
      );
      const eventIds = await recordEvents(client, [
        {
          type: 'MemberInvited',
          version: 1,
          data: {
            locationId,
            occurredAt: now.toISOString(),
            actor: { type: actor.isOperator ? 'operator' : 'user', id: actor.userId },
            userId: request.userId,
            role: request.role,
          },
        },
      ]);
      return { member: { locationId, userId: request.userId, role: request.role, status: 'active' }, eventIds };
    });
  }
}
