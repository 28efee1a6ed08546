import { Topics } from '@credits/contracts';
import { Inbox, type MessageBus, type Subscription } from '@credits/messaging';
import type { JsonLogger } from '@credits/platform';
import type { Pool } from 'pg';
import { applyMembershipEvent } from './membership-projection.store';
import { LEDGER_SCHEMA } from '../shared/ledger.tokens';

export const MEMBERSHIP_INBOX = Symbol('MEMBERSHIP_INBOX');
export const MEMBERSHIP_CONSUMER_GROUP = 'ledger.membership-projection';

export function membershipInbox(pool: Pool): Inbox {
  return new Inbox(pool, LEDGER_SCHEMA, MEMBERSHIP_CONSUMER_GROUP);
}

export function subscribeToMembership(bus: MessageBus, inbox: Inbox, logger: JsonLogger): Promise<Subscription> {
  return bus.subscribe({
    groupId: MEMBERSHIP_CONSUMER_GROUP,
    topics: [Topics.membership],
    handler: async (envelope) => {
      const applied = await inbox.handleOnce(envelope, (client) => applyMembershipEvent(client, envelope));
      logger.write('debug', applied ? 'membership event applied' : 'duplicate membership event ignored', { eventId: envelope.id, type: envelope.type });
    },
  });
}
