import type { MembershipEvent } from '@credits/contracts';
import type { MemberResponse } from '@credits/contracts/http';
import { canAdministerLocation } from '@credits/membership-domain';
import { Problems, type RequestActor } from '@credits/platform';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import { cancelAssignment, currentPeriodOfHolder } from '../plan-periods/assignment-lifecycle';
import { refuseLosingLastAdmin } from '../shared/location-admins.query';
import { inLocation, type Outcome } from '../shared/membership-command';
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
    return inLocation(this.pool, locationId, actor, now, async ({ client, caller, actor: by }) => {
      if (!canAdministerLocation(caller)) throw Problems.forbidden('only location admins can remove members');
      const current = await client.query<{ role: 'member' | 'admin'; status: 'active' | 'removed' }>(
        `SELECT role, status FROM membership.members WHERE location_id = $1 AND user_id = $2 FOR UPDATE`,
        [locationId, userId],
      );
      const member = current.rows[0];
      if (!member) throw Problems.notFound(`${userId} is not a member of this location`);
      const result = { locationId, userId, role: member.role, status: 'removed' };
      // A repeat (e.g. after 503 consistency-timeout) answers as the first removal did and changes nothing.
      if (member.status === 'removed') return { result, events: [] };
      await refuseLosingLastAdmin(client, locationId, { userId, role: member.role }, null);
      await client.query(`UPDATE membership.members SET status = 'removed', removed_at = $3 WHERE location_id = $1 AND user_id = $2`, [locationId, userId, now]);
      const companies = await client.query<{ company_id: string }>(
        `UPDATE membership.company_members cm SET active = false, is_manager = false, corporate_card = false
         FROM membership.companies c WHERE c.id = cm.company_id AND c.location_id = $1 AND cm.user_id = $2 AND cm.active RETURNING cm.company_id`,
        [locationId, userId],
      );
      const base = { locationId, occurredAt: now.toISOString(), actor: by };
      const events: MembershipEvent[] = companies.rows.map((row) => ({ type: 'CompanyMemberRemoved', version: 1, data: { ...base, companyId: row.company_id, userId } }));
      const period = await currentPeriodOfHolder(client, locationId, { type: 'user', id: userId });
      if (period) events.push(...(await cancelAssignment(client, period, 'now', now, by)));
      events.push({ type: 'MemberRemoved', version: 1, data: { ...base, userId } });
      return { result, events };
    });
  }
}
