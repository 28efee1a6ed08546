import type { ResourceResponse } from '@credits/contracts/http';
import { Problems, type MemberFactsSource, type RequestActor } from '@credits/platform';
import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import { loadCaller, requireAdmin } from '../shared/booking-caller';
import { BOOKING_POOL, MEMBER_FACTS } from '../shared/booking.tokens';
import { listResources, loadResource, resourceResponse } from '../shared/resource.store';

export class ViewResourcesQuery {
  constructor(
    readonly actor: RequestActor,
    readonly locationId: string,
    readonly filter: { readonly resourceId?: string; readonly type?: ResourceResponse['type']; readonly status?: ResourceResponse['status'] },
  ) {}
}

/** Members see the active resources; admins archived ones too; people outside the location only events (tickets). */
@QueryHandler(ViewResourcesQuery)
export class ViewResourcesHandler implements IQueryHandler<ViewResourcesQuery, ResourceResponse | ResourceResponse[]> {
  constructor(@Inject(BOOKING_POOL) private readonly pool: Pool, @Inject(MEMBER_FACTS) private readonly members: MemberFactsSource) {}

  async execute({ actor, locationId, filter }: ViewResourcesQuery): Promise<ResourceResponse | ResourceResponse[]> {
    const caller = await loadCaller(this.members, locationId, actor);
    const inside = caller.isMember || caller.isAdmin;
    if (filter.resourceId !== undefined) {
      const resource = await loadResource(this.pool, locationId, filter.resourceId);
      if (!resource || (!inside && resource.type !== 'event') || (!caller.isAdmin && resource.status === 'archived')) throw Problems.notFound(`resource ${filter.resourceId} does not exist`);
      return resourceResponse(resource);
    }
    const status = filter.status ?? 'active';
    if (status === 'archived') requireAdmin(caller, locationId, 'see archived resources');
    const type = inside ? (filter.type ?? null) : 'event';
    if (!inside && filter.type !== undefined && filter.type !== 'event') return [];
    return (await listResources(this.pool, locationId, status, type)).map(resourceResponse);
  }
}
