import type { AddMemberRequest, MemberResponse } from '@credits/contracts/http';
import { canAdministerLocation } from '@credits/membership-domain';
import { Problems, type RequestActor } from '@credits/platform';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import { inLocation, type Outcome } from '../shared/membership-command';
import { MEMBERSHIP_POOL } from '../shared/membership.tokens';

export class AddMemberCommand {
  constructor(readonly actor: RequestActor, readonly locationId: string, readonly request: AddMemberRequest, readonly now: Date) {}
}

export type AddMemberResult = Outcome<MemberResponse>;

@CommandHandler(AddMemberCommand)
export class AddMemberHandler implements ICommandHandler<AddMemberCommand, AddMemberResult> {
  constructor(@Inject(MEMBERSHIP_POOL) private readonly pool: Pool) {}

  async execute({ actor, locationId, request, now }: AddMemberCommand): Promise<AddMemberResult> {
    return inLocation(this.pool, locationId, actor, now, async ({ client, caller, actor: by }) => {
      if (!canAdministerLocation(caller)) throw Problems.forbidden('only location admins can add members');
      const existing = await client.query<{ status: string; role: string }>(
        `SELECT status, role FROM membership.members WHERE location_id = $1 AND user_id = $2`,
        [locationId, request.userId],
      );
      const result = { locationId, userId: request.userId, role: request.role, status: 'active' };
      if (existing.rows[0]?.status === 'active') {
        // A repeat (e.g. after 503 consistency-timeout) answers as the first did; another role is another request.
        if (existing.rows[0].role === request.role) return { result, events: [] };
        throw Problems.conflict('member-exists', 'Already a member', `${request.userId} is already a member of this location as ${existing.rows[0].role}; change the role instead`);
      }
      // A removed member can be invited again; their history stays in the event stream.
      await client.query(
        `INSERT INTO membership.members (location_id, user_id, role, status, joined_at) VALUES ($1, $2, $3, 'active', $4)
         ON CONFLICT (location_id, user_id) DO UPDATE SET role = EXCLUDED.role, status = 'active', joined_at = EXCLUDED.joined_at, removed_at = NULL`,
        [locationId, request.userId, request.role, now],
      );
      return {
        result,
        events: [{ type: 'MemberInvited', version: 1, data: { locationId, occurredAt: now.toISOString(), actor: by, userId: request.userId, role: request.role } }],
      };
    });
  }
}
