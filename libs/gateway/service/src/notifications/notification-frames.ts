import { creditsToText, type CreditsAddedNotification } from '@credits/contracts';
import { Problems } from '@credits/platform/core';

/** What a `credits-added` event carries to the app (DESIGN 6.1): decimal credits, the purchase only when there is one. */
export function creditsAddedData(notification: CreditsAddedNotification): Record<string, unknown> {
  return {
    locationId: notification.locationId,
    wallet: { ownerType: notification.wallet.ownerType, ownerId: notification.wallet.ownerId },
    amount: creditsToText(notification.amount),
    source: notification.source,
    ...(notification.purchaseId === null ? {} : { purchaseId: notification.purchaseId }),
  };
}

/** One SSE event: the recipient's sequence is its id, so Last-Event-ID says where to resume. */
export function notificationFrame(notification: CreditsAddedNotification): string {
  // JSON.stringify never writes a line break, so the data stays one `data:` line.
  return `id: ${notification.sequence}\nevent: ${notification.kind}\ndata: ${JSON.stringify(creditsAddedData(notification))}\n\n`;
}

/** A comment line: keeps proxies from closing an idle stream and lets clients notice a dead one. */
export const HEARTBEAT_FRAME = ': heartbeat\n\n';

const SEQUENCE = /^(0|[1-9]\d{0,14})$/;

/** The sequence a reconnecting stream saw last, or null for a new stream; 400 for anything but what we send as ids. */
export function lastEventIdOf(header: string | undefined): number | null {
  if (header === undefined || header === '') return null;
  if (!SEQUENCE.test(header)) throw Problems.validation([{ field: 'Last-Event-ID', reason: 'must be the id of an event this stream sent (a non-negative integer)' }]);
  return Number(header);
}
