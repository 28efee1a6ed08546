import { ApiRoutes } from '@credits/contracts/http';
import { Problems } from '@credits/platform';
import { Controller, Inject, Optional, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { decode } from 'jsonwebtoken';
import { JwtAuthGuard, type AuthenticatedRequest } from '../auth/jwt-auth.guard';
import { ApiProblem, ApiRoute } from '../openapi/api-route.decorator';
import { lastEventIdOf } from './notification-frames';
import { NotificationHub } from './notification-hub';

/** When the bearer token the guard verified expires (it refuses tokens without `exp`), in ms. */
function tokenExpiryOf(req: AuthenticatedRequest): number {
  const token = /^Bearer (\S+)$/i.exec(req.header('authorization') ?? '')![1];
  return (decode(token) as { exp: number }).exp * 1000;
}

const STREAM_DESCRIPTION = [
  'A Server-Sent Events stream of what happens to the caller. `event: credits-added` when credits land in their wallet or in the wallet of a',
  'company they manage: `data` is `{"locationId", "wallet": {"ownerType", "ownerId"}, "amount": "10.00", "source": "plan|admin|purchase|refund|rollover",',
  '"purchaseId"?}` and `id` the event\'s number for this user (1, 2, 3, ...). Reconnect with `Last-Event-ID: <last id>` to get exactly what was',
  'missed first. Lines starting with `:` are heartbeats. The stream ends when the token expires (reconnect with a fresh one). Browsers: use a fetch-based SSE client that sends `Authorization` (the native',
  'EventSource cannot send headers; tokens in URLs end up in logs, so none is accepted there).',
].join(' ');

/** `GET /v1/me/notifications`: authenticated first, then a stream held open until the client or the gateway goes. */
@ApiTags('me')
@ApiBearerAuth()
@UseGuards(JwtAuthGuard)
@Controller()
export class NotificationsController {
  constructor(@Optional() @Inject(NotificationHub) private readonly hub: NotificationHub | null) {}

  @ApiRoute('GET', ApiRoutes.myNotifications, {
    operationId: 'streamMyNotifications',
    summary: 'The caller\'s notifications as Server-Sent Events (text/event-stream), resumable with Last-Event-ID',
    description: STREAM_DESCRIPTION,
    everyCaller: true,
  })
  @ApiProblem(400, 'Last-Event-ID is not the id of an event this stream sent (`errors` names it).')
  @ApiProblem(429, 'The caller holds as many open streams as one user may (`NOTIFICATION_MAX_STREAMS_PER_USER`, default 8): close one first.')
  @ApiProduces('text/event-stream')
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'the `id` of the last event received; the stream first sends every later one', schema: { type: 'string', pattern: '^(0|[1-9][0-9]{0,14})$' } })
  @ApiResponse({ status: 200, description: 'the stream, open until the client leaves', content: { 'text/event-stream': { schema: { type: 'string', example: 'id: 3\nevent: credits-added\ndata: {"locationId":"0b6f3c52-8d1e-4c4f-9a57-5e2f0f8f6a11","wallet":{"ownerType":"user","ownerId":"auth0|64f1c2"},"amount":"10.00","source":"admin"}\n\n' } } } })
  async stream(@Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    const lastEventId = lastEventIdOf(req.header('last-event-id'));
    if (!this.hub) throw Problems.unavailable('notifications are not configured on this gateway (no event bus)');
    await this.hub.open(req.actor.userId, res, lastEventId, tokenExpiryOf(req));
  }
}
