import type { EventEnvelope } from '@credits/contracts';
import { handleInContext, type MessageBus, type MessageHandler, type SubscribeOptions, type Subscription } from './message-bus.port';

interface Group {
  readonly topics: ReadonlySet<string>;
  readonly handlers: MessageHandler[];
  next: number;
}

/**
 * The embedded mode's broker. `publish` delivers to every group before it resolves, so the
 * publisher's checkpoint (outbox relay) moves only after every consumer applied the message:
 * that is the at-least-once guarantee across restarts. Per-key order holds because messages are
 * delivered in publish order, one at a time; a failing handler is retried before later messages.
 */
export class InProcessMessageBus implements MessageBus {
  private readonly groups = new Map<string, Group>();
  private queue: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(private readonly options: { maxAttempts?: number; retryDelayMs?: number } = {}) {}

  publish(topic: string, envelopes: readonly EventEnvelope[]): Promise<void> {
    const delivery = this.queue.then(() => this.deliver(topic, envelopes));
    this.queue = delivery.catch(() => undefined);
    return delivery;
  }

  private async deliver(topic: string, envelopes: readonly EventEnvelope[]): Promise<void> {
    for (const envelope of envelopes) {
      for (const [groupId, group] of this.groups) {
        if (!group.topics.has(topic) || group.handlers.length === 0) continue;
        // Members of a group share its messages, as Kafka partitions would.
        const handler = group.handlers[group.next++ % group.handlers.length];
        await this.withRetries(() => handleInContext(envelope, handler, groupId));
      }
    }
  }

  private async withRetries(attempt: () => Promise<void>): Promise<void> {
    const maxAttempts = this.options.maxAttempts ?? 5;
    for (let n = 1; ; n++) {
      try {
        return await attempt();
      } catch (error) {
        if (n >= maxAttempts || this.closed) throw error;
        await new Promise((resolve) => setTimeout(resolve, (this.options.retryDelayMs ?? 50) * n));
      }
    }
  }

  async subscribe({ groupId, topics, handler }: SubscribeOptions): Promise<Subscription> {
    const group = this.groups.get(groupId) ?? { topics: new Set(topics), handlers: [], next: 0 };
    group.handlers.push(handler);
    this.groups.set(groupId, group);
    return {
      stop: async () => {
        group.handlers.splice(group.handlers.indexOf(handler), 1);
      },
    };
  }

  async isReady(): Promise<boolean> {
    return !this.closed;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.queue;
  }
}
