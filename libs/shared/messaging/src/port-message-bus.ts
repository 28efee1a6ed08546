import type { EventEnvelope } from '@credits/contracts';
import type { MessagePort } from 'node:worker_threads';
import { PortCalls } from '@credits/platform/core';
import type { MessageBus, MessageHandler, SubscribeOptions, Subscription } from './message-bus.port';

/**
 * A bus across a worker thread's boundary: `exposeBus` serves a thread's bus on one end of a
 * MessageChannel, `PortMessageBus` uses it from the other. Embedded mode runs the gateway in a
 * thread of its own (a second core for Node); its notification streams read the in-process bus
 * through this. A delivery resolves only once the other thread's handler is done, so the bus keeps
 * its semantics (publish resolves when handled; a failed handler is retried by the serving bus).
 */

type Operations = {
  subscribe: { subscription: number; groupId: string; topics: readonly string[]; startAt?: SubscribeOptions['startAt']; types?: SubscribeOptions['types'] };
  unsubscribe: { subscription: number };
  deliver: { subscription: number; envelope: EventEnvelope };
  publish: { topic: string; envelopes: readonly EventEnvelope[] };
  isReady: Record<string, never>;
};

/** Serves `bus` to the thread at the other end of `port`; `close` stops that thread's subscriptions. */
export function exposeBus(bus: MessageBus, port: MessagePort): { close(): Promise<void> } {
  const subscriptions = new Map<number, Subscription>();
  const peer: PortCalls<Operations> = new PortCalls<Operations>(port, async (op, args) => {
    switch (op) {
      case 'subscribe': {
        const { subscription, groupId, topics, startAt, types } = args as Operations['subscribe'];
        const handler: MessageHandler = async (envelope) => void (await peer.call('deliver', { subscription, envelope }));
        subscriptions.set(subscription, await bus.subscribe({ groupId, topics, startAt, types, handler }));
        return undefined;
      }
      case 'unsubscribe': {
        const { subscription } = args as Operations['unsubscribe'];
        await subscriptions.get(subscription)?.stop();
        subscriptions.delete(subscription);
        return undefined;
      }
      case 'publish': {
        const { topic, envelopes } = args as Operations['publish'];
        return bus.publish(topic, envelopes);
      }
      case 'isReady':
        return bus.isReady();
      case 'deliver':
        throw new Error('deliveries go to the thread that subscribed');
      default:
        throw new Error(`unknown operation ${op satisfies never}`);
    }
  });
  return {
    close: async () => {
      for (const subscription of subscriptions.values()) await subscription.stop();
      subscriptions.clear();
      peer.close();
    },
  };
}

/** The bus `exposeBus` serves at the other end of `port` (closing it leaves that bus open). */
export class PortMessageBus implements MessageBus {
  private readonly handlers = new Map<number, MessageHandler>();
  private nextSubscription = 0;
  private readonly peer: PortCalls<Operations>;

  constructor(port: MessagePort) {
    this.peer = new PortCalls<Operations>(port, async (op, args) => {
      if (op !== 'deliver') throw new Error(`${op} is served by the thread that owns the bus`);
      const { subscription, envelope } = args as Operations['deliver'];
      await this.handlers.get(subscription)?.(envelope);
    });
  }

  async publish(topic: string, envelopes: readonly EventEnvelope[]): Promise<void> {
    await this.peer.call('publish', { topic, envelopes });
  }

  async subscribe({ groupId, topics, startAt, types, handler, handleBatch }: SubscribeOptions): Promise<Subscription> {
    // Registered before asking, so nothing delivered in between is missed.
    const subscription = this.nextSubscription++;
    // Deliveries cross the port one message at a time: a batch handler gets batches of one.
    this.handlers.set(subscription, handleBatch ? (envelope) => handleBatch([envelope]) : handler);
    await this.peer.call('subscribe', { subscription, groupId, topics, startAt, types });
    return {
      stop: async () => {
        this.handlers.delete(subscription);
        await this.peer.call('unsubscribe', { subscription });
      },
    };
  }

  async isReady(): Promise<boolean> {
    return (await this.peer.call('isReady', {}).catch(() => false)) === true;
  }

  async close(): Promise<void> {
    this.handlers.clear();
    this.peer.close();
  }
}
