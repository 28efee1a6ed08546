import type { NotificationsPage } from '@credits/contracts/http';
import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import { readNotifications } from '../notify-credits-added/notification.store';
import { MEMBERSHIP_POOL } from '../shared/membership.tokens';

export class ViewNotificationsQuery {
  constructor(readonly userId: string, readonly after: number, readonly limit: number) {}
}

@QueryHandler(ViewNotificationsQuery)
export class ViewNotificationsHandler implements IQueryHandler<ViewNotificationsQuery, NotificationsPage> {
  constructor(@Inject(MEMBERSHIP_POOL) private readonly pool: Pool) {}

  async execute(query: ViewNotificationsQuery): Promise<NotificationsPage> {
    return { notifications: await readNotifications(this.pool, query.userId, query.after, query.limit) };
  }
}
