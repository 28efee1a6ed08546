import type { EventEnvelope } from '@credits/contracts';
import { SpanKind, consumerMetrics, inSpan, runWithContext } from '@credits/platform/core';

export type MessageHandler = (envelope: EventEnvelope) => Promise<void>;

/**
 * Applies the messages of one delivery together (a projection: one transaction for all): all of
 * them, or none by throwing, and then the whole delivery comes again. Any size, in publish order.
 */
export type BatchHandler = (envelopes: readonly EventEnvelope[]) => Promise<void>;

/** One handler per message, or one per delivery (what each subscriber needs). */
export type SubscribeOptions = SubscriptionTarget &
  ({ readonly handler: MessageHandler; readonly handleBatch?: never } | { readonly handleBatch: BatchHandler; readonly handler?: never });

interface SubscriptionTarget {
  /** Consumers with the same group share the work; each group sees every message. */
  readonly groupId: string;
  readonly topics: readonly string[];
  /**
   * `earliest` (default): a new group starts at the beginning and commits what it handled.
   * `latest`: only messages published after `subscribe` resolved; for a group of one instance's
   * own that keeps no state (live fan-out: each gateway instance's notification streams), removed
   * from the broker when the subscription stops.
   */
  readonly startAt?: 'earliest' | 'latest';
  /**
   * The event types the subscriber acts on: messages of other types pass it unhandled (on Kafka told
   * apart by their type header, before their value is parsed). None: every type.
   */
  readonly types?: readonly string[];
}

/** Whether a subscription with `types` (see SubscriptionTarget) takes a message of `type`. */
export function typeFilter(types: readonly string[] | undefined): (type: string) => boolean {
  if (types === undefined) return () => true;
  const taken = new Set(types);
  return (type) => taken.has(type);
}

export interface Subscription {
  stop(): Promise<void>;
}

/**
 * The services' only way to the broker. Semantics both adapters keep: at-least-once delivery,
 * order preserved per key, `publish` resolves only once the messages are durable (Kafka: acked by
 * the broker; in-process: handled by every subscribed group).
 */
export interface MessageBus {
  publish(topic: string, envelopes: readonly EventEnvelope[]): Promise<void>;
  subscribe(options: SubscribeOptions): Promise<Subscription>;
  isReady(): Promise<boolean>;
  close(): Promise<void>;
}

export const MESSAGE_BUS = Symbol('MESSAGE_BUS');

/**
 * Runs a handler as work on behalf of the message: what it records carries its correlation id, the
 * message's id as causation, and (tracing on) a span continuing the trace the message carries.
 * Counted per consumer group, with the delay from event time to applied.
 */
export async function handleInContext(envelope: EventEnvelope, handler: MessageHandler, groupId: string): Promise<void> {
  const attributes = { 'messaging.consumer.group.name': groupId, 'messaging.message.id': envelope.id };
  try {
    await inSpan(`process ${envelope.type}`, { traceparent: envelope.traceparent, kind: SpanKind.CONSUMER, attributes }, () =>
      runWithContext({ correlationId: envelope.correlationId, causationId: envelope.id }, () => handler(envelope)),
    );
  } catch (error) {
    consumerMetrics.handled(groupId, envelope.time, false);
    throw error;
  }
  consumerMetrics.handled(groupId, envelope.time, true);
}

/** handleInContext for a delivery: one span; what it records is the group's own work (no message is its cause alone). */
export async function handleBatchInContext(envelopes: readonly EventEnvelope[], handleBatch: BatchHandler, groupId: string): Promise<void> {
  if (envelopes.length === 0) return;
  const attributes = { 'messaging.consumer.group.name': groupId, 'messaging.batch.message_count': envelopes.length };
  try {
    await inSpan('process batch', { kind: SpanKind.CONSUMER, attributes }, () => handleBatch(envelopes));
  } catch (error) {
    for (const envelope of envelopes) consumerMetrics.handled(groupId, envelope.time, false);
    throw error;
  }
  for (const envelope of envelopes) consumerMetrics.handled(groupId, envelope.time, true);
}
