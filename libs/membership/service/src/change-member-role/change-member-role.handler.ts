import type { MemberResponse } from '@credits/contracts/http';
import { canAdministerLocation } from '@credits/membership-domain';
import { Problems, type RequestActor } from '@credits/platform';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import { refuseLosingLastAdmin } from '../shared/location-admins.query';
import { inLocation, type Outcome } from '../shared/membership-command';
import { MEMBERSHIP_POOL } from '../shared/membership.tokens';

export class ChangeMemberRoleCommand {
  constructor(readonly actor: RequestActor, readonly locationId: string, readonly userId: string, readonly role: 'member' | 'admin', readonly now: Date) {}
}

export type ChangeMemberRoleResult = Outcome<MemberResponse>;

@CommandHandler(ChangeMemberRoleCommand)
export class ChangeMemberRoleHandler implements ICommandHandler<ChangeMemberRoleCommand, ChangeMemberRoleResult> {
  constructor(@Inject(MEMBERSHIP_POOL) private readonly pool: Pool) {}

  async execute({ actor, locationId, userId, role, now }: ChangeMemberRoleCommand): Promise<ChangeMemberRoleResult> {
    return inLocation(this.pool, locationId, actor, now, async ({ client, caller, actor: by }) => {
      if (!canAdministerLocation(caller)) throw Problems.forbidden('only location admins can change roles');
      const current = await client.query<{ role: 'member' | 'admin' }>(
        `SELECT role FROM membership.members WHERE location_id = $1 AND user_id = $2 AND status = 'active' FOR UPDATE`,
        [locationId, userId],
      );
      if (!current.rows[0]) throw Problems.notFound(`${userId} is not a member of this location`);
      const result = { locationId, userId, role, status: 'active' };
      if (current.rows[0].role === role) return { result, events: [] };
      await refuseLosingLastAdmin(client, locationId, { userId, role: current.rows[0].role }, role);
      await client.query(`UPDATE membership.members SET role = $3 WHERE location_id = $1 AND user_id = $2`, [locationId, userId, role]);
      return { result, events: [{ type: 'MemberRoleChanged', version: 1, data: { locationId, occurredAt: now.toISOString(), actor: by, userId, role } }] };
    });
  }
}
