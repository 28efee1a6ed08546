import { validateEventData, type EventEnvelope } from '@credits/contracts';
import { Inbox, type MessageBus, type Subscription } from '@credits/messaging';
import type { JsonLogger } from '@credits/platform/core';
import type { Pool, PoolClient } from 'pg';
import { LEDGER_SCHEMA } from '../shared/ledger.tokens';

export interface ReactionOptions {
  readonly pool: Pool;
  readonly bus: MessageBus;
  readonly logger: JsonLogger;
  /** consumer group and inbox name */
  readonly consumer: string;
  readonly topics: readonly string[];
  /** effect per event type this consumer reacts to; other types are ignored */
  readonly reactions: Readonly<Record<string, (client: PoolClient, envelope: EventEnvelope) => Promise<void>>>;
}

/**
 * A ledger reaction to other services' events: each message applied once (inbox in the same
 * transaction), messages that break their schema logged and skipped so they cannot block a partition.
 */
export function subscribeReactions(options: ReactionOptions): Promise<Subscription> {
  const inbox = new Inbox(options.pool, LEDGER_SCHEMA, options.consumer);
  return options.bus.subscribe({
    groupId: options.consumer,
    topics: options.topics,
    types: Object.keys(options.reactions),
    handler: async (envelope) => {
      const react = options.reactions[envelope.type]; // the bus delivers only the types named above
      const errors = validateEventData(envelope.type, envelope.version, envelope.data);
      if (errors.length > 0) {
        options.logger.write('error', 'invalid event skipped', { consumer: options.consumer, eventId: envelope.id, type: envelope.type, errors });
        return;
      }
      const applied = await inbox.handleOnce(envelope, (client) => react(client, envelope));
      options.logger.write('debug', applied ? 'event applied' : 'duplicate event ignored', { consumer: options.consumer, eventId: envelope.id, type: envelope.type });
    },
  });
}
