import { userNotificationsPath, type NotificationsPage } from '@credits/contracts/http';
import type { CreditsAddedNotification } from '@credits/contracts';
import { ProblemException } from '@credits/platform';
import type { ServiceClient } from '../proxy/service-client';

/** Asks membership for a user's notifications after a sequence (one page); 503 when it cannot answer. */
export function missedNotificationsFrom(membership: ServiceClient) {
  return async (recipientId: string, after: number): Promise<readonly CreditsAddedNotification[]> => {
    const reply = await membership.call({ method: 'GET', path: userNotificationsPath(recipientId, after) });
    if (reply.status !== 200) {
      throw new ProblemException(503, 'service-unavailable', 'Service unavailable', `membership answered ${reply.status} for missed notifications`);
    }
    return (JSON.parse(reply.body) as NotificationsPage).notifications;
  };
}
