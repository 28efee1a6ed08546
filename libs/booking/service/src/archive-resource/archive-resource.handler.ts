import type { Resource } from '@credits/booking-domain';
import type { ResourceResponse } from '@credits/contracts/http';
import { withTransaction } from '@credits/event-store';
import type { MemberFactsSource, RequestActor } from '@credits/platform';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import { loadCaller, requireAdmin } from '../shared/booking-caller';
import { BOOKING_POOL, MEMBER_FACTS } from '../shared/booking.tokens';
import { lockedResource, resourceResponse, updateResource } from '../shared/resource.store';

export class ArchiveResourceCommand {
  constructor(readonly actor: RequestActor, readonly locationId: string, readonly resourceId: string, readonly now: Date) {}
}

/** Withdraws a resource (admins): nobody can book it any more; bookings made stay. Archiving again changes nothing. */
@CommandHandler(ArchiveResourceCommand)
export class ArchiveResourceHandler implements ICommandHandler<ArchiveResourceCommand, ResourceResponse> {
  constructor(@Inject(BOOKING_POOL) private readonly pool: Pool, @Inject(MEMBER_FACTS) private readonly members: MemberFactsSource) {}

  async execute({ actor, locationId, resourceId, now }: ArchiveResourceCommand): Promise<ResourceResponse> {
    const caller = await loadCaller(this.members, locationId, actor);
    requireAdmin(caller, locationId, 'manage resources');
    return withTransaction(this.pool, async (client) => {
      const resource = await lockedResource(client, locationId, resourceId);
      const archived: Resource = { ...resource, status: 'archived' };
      if (resource.status !== 'archived') await updateResource(client, archived, now);
      return resourceResponse(archived);
    });
  }
}
