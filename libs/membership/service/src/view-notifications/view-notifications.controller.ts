import { NOTIFICATIONS_PAGE_LIMIT } from '@credits/contracts';
import { USER_NOTIFICATIONS_PATH, type NotificationsPage } from '@credits/contracts/http';
import { CallingService, ServiceNames } from '@credits/platform';
import { Problems } from '@credits/platform/core';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiExcludeController } from '@nestjs/swagger';
import { ViewNotificationsQuery } from './view-notifications.handler';

const NON_NEGATIVE_INTEGER = /^(0|[1-9]\d{0,14})$/;

/**
 * Internal, for the gateway only: a user's notifications after the last one their stream saw, so a
 * reconnecting stream (Last-Event-ID) gets exactly what it missed. Bounded pages, oldest first.
 */
@ApiExcludeController()
@Controller()
export class ViewNotificationsController {
  constructor(private readonly queries: QueryBus) {}

  @Get(USER_NOTIFICATIONS_PATH)
  async notifications(
    @CallingService() service: string,
    @Param('userId') userId: string,
    @Query('after') after = '0',
    @Query('limit') limit = String(NOTIFICATIONS_PAGE_LIMIT),
  ): Promise<NotificationsPage> {
    if (service !== ServiceNames.gateway) throw Problems.forbidden('only the gateway reads notifications');
    const problems = [
      ...(typeof after === 'string' && NON_NEGATIVE_INTEGER.test(after) ? [] : [{ field: 'after', reason: 'must be a non-negative integer' }]),
      ...(typeof limit === 'string' && NON_NEGATIVE_INTEGER.test(limit) && Number(limit) >= 1 && Number(limit) <= NOTIFICATIONS_PAGE_LIMIT
        ? []
        : [{ field: 'limit', reason: `must be an integer from 1 to ${NOTIFICATIONS_PAGE_LIMIT}` }]),
    ];
    if (problems.length > 0) throw Problems.validation(problems);
    return this.queries.execute(new ViewNotificationsQuery(userId, Number(after), Number(limit)));
  }
}
