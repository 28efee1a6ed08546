import type { LocationResponse, MemberResponse } from '@credits/contracts/http';
import { canAdministerLocation, canViewMember } from '@credits/membership-domain';
import { Problems, type RequestActor } from '@credits/platform';
import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import { listMembers, loadVisibleCaller, readLocation, readMember } from '../shared/location.store';
import { MEMBERSHIP_POOL } from '../shared/membership.tokens';

export class ViewLocationQuery {
  constructor(readonly actor: RequestActor, readonly locationId: string) {}
}

export class ViewMembersQuery {
  constructor(readonly actor: RequestActor, readonly locationId: string) {}
}

export class ViewMemberQuery {
  constructor(readonly actor: RequestActor, readonly locationId: string, readonly userId: string) {}
}

@QueryHandler(ViewLocationQuery)
export class ViewLocationHandler implements IQueryHandler<ViewLocationQuery, LocationResponse> {
  constructor(@Inject(MEMBERSHIP_POOL) private readonly pool: Pool) {}

  async execute({ actor, locationId }: ViewLocationQuery): Promise<LocationResponse> {
    await loadVisibleCaller(this.pool, locationId, actor);
    return (await readLocation(this.pool, locationId))!;
  }
}

/** Admins list every member, removed ones included (their history stays auditable). */
@QueryHandler(ViewMembersQuery)
export class ViewMembersHandler implements IQueryHandler<ViewMembersQuery, MemberResponse[]> {
  constructor(@Inject(MEMBERSHIP_POOL) private readonly pool: Pool) {}

  async execute({ actor, locationId }: ViewMembersQuery): Promise<MemberResponse[]> {
    const caller = await loadVisibleCaller(this.pool, locationId, actor);
    if (!canAdministerLocation(caller)) throw Problems.forbidden('only location admins can list members');
    return listMembers(this.pool, locationId);
  }
}

@QueryHandler(ViewMemberQuery)
export class ViewMemberHandler implements IQueryHandler<ViewMemberQuery, MemberResponse> {
  constructor(@Inject(MEMBERSHIP_POOL) private readonly pool: Pool) {}

  async execute({ actor, locationId, userId }: ViewMemberQuery): Promise<MemberResponse> {
    const caller = await loadVisibleCaller(this.pool, locationId, actor);
    if (!canViewMember(caller, userId)) throw Problems.forbidden('you can only see your own membership');
    const member = await readMember(this.pool, locationId, userId);
    if (!member) throw Problems.notFound(`${userId} is not a member of this location`);
    return member;
  }
}
