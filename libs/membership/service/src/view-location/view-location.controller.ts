import { LocationResponse, MemberResponse } from '@credits/contracts/http';
import { canAdministerLocation, canViewMember } from '@credits/membership-domain';
import { CurrentActor, ParseIdPipe, ParseUserIdPipe, Problems, type RequestActor } from '@credits/platform';
import { Controller, Get, Inject, Param } from '@nestjs/common';
import type { Pool } from 'pg';
import { loadVisibleCaller } from '../shared/caller-role.query';
import { readLocation } from '../shared/location.row';
import { MEMBERSHIP_POOL } from '../shared/membership.tokens';

/** Reads need no command: they query the tables directly. */
@Controller('v1/locations/:locationId')
export class ViewLocationController {
  constructor(@Inject(MEMBERSHIP_POOL) private readonly pool: Pool) {}

  @Get()
  async location(@CurrentActor() actor: RequestActor, @Param('locationId', ParseIdPipe('location')) locationId: string): Promise<LocationResponse> {
    await loadVisibleCaller(this.pool, locationId, actor);
    return (await readLocation(this.pool, locationId))!;
  }

  /** Admins list every member, removed ones included (their history stays auditable). */
  @Get('members')
  async members(@CurrentActor() actor: RequestActor, @Param('locationId', ParseIdPipe('location')) locationId: string): Promise<MemberResponse[]> {
    const caller = await loadVisibleCaller(this.pool, locationId, actor);
    if (!canAdministerLocation(caller)) throw Problems.forbidden('only location admins can list members');
    const result = await this.pool.query<MemberResponse>(
      `SELECT location_id AS "locationId", user_id AS "userId", role, status FROM membership.members WHERE location_id = $1 ORDER BY user_id`,
      [locationId],
    );
    return result.rows;
  }

  @Get('members/:userId')
  async member(
    @CurrentActor() actor: RequestActor,
    @Param('locationId', ParseIdPipe('location')) locationId: string,
    @Param('userId', ParseUserIdPipe) userId: string,
  ): Promise<MemberResponse> {
    const caller = await loadVisibleCaller(this.pool, locationId, actor);
    if (!canViewMember(caller, userId)) throw Problems.forbidden('you can only see your own membership');
    const result = await this.pool.query<MemberResponse>(
      `SELECT location_id AS "locationId", user_id AS "userId", role, status FROM membership.members WHERE location_id = $1 AND user_id = $2`,
      [locationId, userId],
    );
    if (!result.rows[0]) throw Problems.notFound(`${userId} is not a member of this location`);
    return result.rows[0];
  }
}
