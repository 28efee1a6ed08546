import type { EventEnvelope } from '@credits/contracts';
import type { CheckpointedProcessor } from '@credits/event-store';
import type { JsonLogger } from '@credits/platform/core';
import type { Pool } from 'pg';
import type { MessageBus, Subscription } from './message-bus.port';
import { Outbox, type OutboxEntry } from './outbox';
import { createRelay } from './relay';

/** What every service with an outbox is given. */
export interface OutboxServiceDeps {
  readonly pool: Pool;
  readonly bus: MessageBus;
  readonly logger: JsonLogger;
  /** shared secret of the internal tokens (INTERNAL_SECRET): calls to the service carry one, its own calls too */
  readonly internalSecret: string;
}

/** A service's outbox relay: publishes each committed row of `<schema>.outbox` to the topic it names (checkpoint `outbox-relay`). */
export function createOutboxRelay(deps: OutboxServiceDeps, schema: string, service: string): CheckpointedProcessor<OutboxEntry> {
  const outbox = new Outbox(schema);
  return createRelay<OutboxEntry>({
    pool: deps.pool,
    schema,
    name: 'outbox-relay',
    bus: deps.bus,
    read: (client, after, limit) => outbox.readCommitted(client, after, limit),
    toMessage: (entry) => ({ topic: entry.topic, envelope: entry.envelope as EventEnvelope }),
    onError: (error) => deps.logger.write('error', `${service} outbox relay failed`, { error: String(error) }),
  });
}

/** A service's consumers as one piece of background work: subscribed on start, stopped (after their in-flight messages) on stop. */
export function consumers(subscribe: () => Promise<Subscription[]>): { start(): Promise<void>; stop(): Promise<void> } {
  let subscriptions: Subscription[] = [];
  return {
    start: async () => {
      subscriptions = await subscribe();
    },
    stop: async () => {
      await Promise.all(subscriptions.map((subscription) => subscription.stop()));
      subscriptions = [];
    },
  };
}
