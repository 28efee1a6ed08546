import type { EventEnvelope } from '@credits/contracts';
import { handleBatchInContext, handleInContext, typeFilter, type MessageBus, type SubscribeOptions, type Subscription } from './message-bus.port';

interface Group {
  readonly topics: ReadonlySet<string>;
  /** the types its first member takes (SubscribeOptions.types), as it has its topics */
  readonly takes: (type: string) => boolean;
  readonly members: SubscribeOptions[];
  next: number;
}

/**
 * The embedded mode's broker. `publish` delivers to every group before it resolves, so the
 * publisher's checkpoint (outbox relay) moves only after every consumer applied the message:
 * that is the at-least-once guarantee across restarts. Per-key order holds because messages are
 * delivered in publish order, one at a time (or, to a batch handler, each publish's messages at
 * once); a failing handler is retried before later messages.
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

  private async deliver(topic: string, published: readonly EventEnvelope[]): Promise<void> {
    for (const [groupId, group] of this.groups) {
      if (!group.topics.has(topic) || group.members.length === 0) continue;
      const envelopes = published.filter((envelope) => group.takes(envelope.type));
      // Members of a group share its messages, as Kafka partitions would; a batch member takes the whole delivery.
      for (let i = 0; i < envelopes.length; ) {
        const { handler, handleBatch } = group.members[group.next++ % group.members.length];
        if (handleBatch) {
          const rest = envelopes.slice(i);
          await this.withRetries(() => handleBatchInContext(rest, handleBatch, groupId));
          break;
        }
        const envelope = envelopes[i++];
        await this.withRetries(() => handleInContext(envelope, handler!, groupId));
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

  async subscribe(options: SubscribeOptions): Promise<Subscription> {
    const group = this.groups.get(options.groupId) ?? { topics: new Set(options.topics), takes: typeFilter(options.types), members: [], next: 0 };
    group.members.push(options);
    this.groups.set(options.groupId, group);
    return {
      stop: async () => {
        group.members.splice(group.members.indexOf(options), 1);
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
