import { eventTypeOfKafkaHeaders, fromKafkaRecord, toKafkaRecord, type EventEnvelope } from '@credits/contracts';
import { consumerMetrics, type JsonLogger } from '@credits/platform/core';
import { Kafka, logLevel, type Admin, type Consumer, type KafkaMessage, type Producer } from 'kafkajs';
import { handleBatchInContext, handleInContext, typeFilter, type MessageBus, type SubscribeOptions, type Subscription } from './message-bus.port';

export interface KafkaBusOptions {
  readonly brokers: readonly string[];
  readonly clientId: string;
  /** Prefix for topic and group names, so several systems can share one cluster (tests, tenants). */
  readonly namespace?: string;
  readonly log?: (level: 'info' | 'warn' | 'error', message: string, extra?: object) => void;
}

/** A service's bus on the brokers of its configuration, logging through its logger. */
export function kafkaBusFor(clientId: string, config: { readonly KAFKA_BROKERS: readonly string[]; readonly KAFKA_TOPIC_PREFIX?: string }, logger: JsonLogger): KafkaMessageBus {
  return new KafkaMessageBus({ brokers: config.KAFKA_BROKERS, clientId, namespace: config.KAFKA_TOPIC_PREFIX, log: (level, message, extra) => logger.write(level, message, extra) });
}

/**
 * Kafka through kafkajs. A broker that goes away never ends the process: a publish fails (the relay
 * tries again from its checkpoint) and the next one starts a fresh producer; a consumer that kafkajs
 * gives up on is replaced by a new one in the same group, after a backoff, until the broker is back.
 */
export class KafkaMessageBus implements MessageBus {
  private readonly kafka: Kafka;
  /** readiness probes fail at once instead of queueing retries while the broker is away */
  private readonly probe: Kafka;
  private producer: Promise<Producer> | null = null;
  private readonly consumers = new Set<ReplacingConsumer>();
  private readonly knownTopics = new Set<string>();

  constructor(private readonly options: KafkaBusOptions) {
    const common = { clientId: options.clientId, brokers: [...options.brokers], logLevel: logLevel.NOTHING };
    this.kafka = new Kafka({ ...common, retry: { retries: 8, initialRetryTime: 100 } });
    this.probe = new Kafka({ ...common, connectionTimeout: 1000, requestTimeout: 1500, retry: { retries: 0 } });
  }

  private connectedProducer(): Promise<Producer> {
    this.producer ??= (async () => {
      // Idempotent with one request in flight: retries can neither duplicate nor reorder per partition.
      const producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
      try {
        await producer.connect();
        return producer;
      } catch (error) {
        this.producer = null;
        await producer.disconnect().catch(() => undefined);
        throw error;
      }
    })();
    return this.producer;
  }

  private name(topicOrGroup: string): string {
    return `${this.options.namespace ?? ''}${topicOrGroup}`;
  }

  async publish(topic: string, envelopes: readonly EventEnvelope[]): Promise<void> {
    if (envelopes.length === 0) return;
    if (!this.knownTopics.has(topic)) {
      await this.ensureTopics([topic]);
      this.knownTopics.add(topic);
    }
    const pending = this.connectedProducer();
    const producer = await pending;
    try {
      await producer.send({ topic: this.name(topic), acks: -1, messages: envelopes.map(toKafkaRecord) });
    } catch (error) {
      // Its retries ran out (broker gone or restarted): the next publish connects a fresh producer.
      if (this.producer === pending) this.producer = null;
      void producer.disconnect().catch(() => undefined);
      throw error;
    }
  }

  /** Creates missing topics with the broker's defaults: subscribing to a missing topic fails. */
  private async ensureTopics(topics: readonly string[]): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const names = topics.map((topic) => this.name(topic));
      // Several services create a topic at once at boot: the loser of that race may get an error,
      // or no wait for leaders; either way the topic is used only once every partition has a leader.
      const created = await admin.createTopics({ waitForLeaders: true, topics: names.map((topic) => ({ topic })) }).catch(() => false);
      if (!created) await this.untilServed(admin, names);
    } finally {
      await admin.disconnect();
    }
  }

  private async untilServed(admin: Admin, topics: string[]): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        const { topics: found } = await admin.fetchTopicMetadata({ topics });
        if (found.length === topics.length && found.every((topic) => topic.partitions.length > 0 && topic.partitions.every((p) => p.leader >= 0))) return;
      } catch (error) {
        if (attempt >= 50) throw error;
      }
      if (attempt >= 50) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** A new group's position: the end of every partition now, committed before any member joins. */
  private async startGroupAtEnd(groupId: string, topics: readonly string[]): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      for (const topic of topics) {
        const ends = await whileLeadersMove(() => admin.fetchTopicOffsets(this.name(topic)));
        await admin.setOffsets({ groupId: this.name(groupId), topic: this.name(topic), partitions: ends.map(({ partition, offset }) => ({ partition, offset })) });
      }
    } finally {
      await admin.disconnect();
    }
  }

  private async deleteGroup(groupId: string): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      await admin.deleteGroups([this.name(groupId)]);
    } finally {
      await admin.disconnect();
    }
  }

  async subscribe(options: SubscribeOptions): Promise<Subscription> {
    const { groupId, topics, startAt = 'earliest' } = options;
    await this.ensureTopics(topics);
    const latest = startAt === 'latest';
    // Before joining: whatever is published from here on is delivered, however long the join takes.
    if (latest) await this.startGroupAtEnd(groupId, topics);
    const consumer = new ReplacingConsumer(
      // A member that could not leave (the broker was away) blocks the group's next join until its
      // session times out: 10 s instead of kafkajs' 30 s is how long consuming pauses after a broker restart.
      () => {
        const kafkaConsumer = this.kafka.consumer({ groupId: this.name(groupId), allowAutoTopicCreation: true, retry: { retries: 10 }, sessionTimeout: 10_000, heartbeatInterval: 1_000 });
        kafkaConsumer.on(kafkaConsumer.events.END_BATCH_PROCESS, ({ payload }) => consumerMetrics.offsetLag(groupId, payload.topic, payload.partition, Number(payload.offsetLag)));
        return kafkaConsumer;
      },
      async (kafkaConsumer) => {
        for (const topic of topics) await kafkaConsumer.subscribe({ topic: this.name(topic), fromBeginning: true });
        const { handler, handleBatch } = options;
        const takes = typeFilter(options.types);
        // Offsets are committed only after the handler resolved, i.e. after its transaction committed.
        await kafkaConsumer.run(
          handleBatch
            ? {
                autoCommit: true,
                // The batch's last offset is resolved only when eachBatch resolves: a failure redelivers it all.
                eachBatch: async ({ batch }) => {
                  const envelopes = batch.messages.map((message) => this.envelopeOf(batch.topic, message, takes)).filter((envelope): envelope is EventEnvelope => envelope !== null);
                  await handleBatchInContext(envelopes, handleBatch, groupId);
                },
              }
            : {
                autoCommit: true,
                eachMessage: async ({ message, topic }) => {
                  const envelope = this.envelopeOf(topic, message, takes);
                  if (envelope) await handleInContext(envelope, handler!, groupId);
                },
              },
        );
      },
      (error, retryMs) => this.options.log?.('error', 'Kafka consumer stopped, starting a new one', { groupId, retryMs, error: String(error) }),
    );
    await consumer.start();
    this.consumers.add(consumer);
    return {
      stop: async () => {
        this.consumers.delete(consumer);
        await consumer.stop();
        // A live group is never joined again: leave no offsets behind on the broker.
        if (latest) await this.deleteGroup(groupId).catch(() => undefined);
      },
    };
  }

  /**
   * A record as an envelope; null when the subscriber does not take its type (told by its header,
   * before the value is parsed), or (logged) when unreadable: such a message would block its
   * partition forever.
   */
  private envelopeOf(topic: string, message: KafkaMessage, takes: (type: string) => boolean): EventEnvelope | null {
    try {
      const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]));
      const type = eventTypeOfKafkaHeaders(headers);
      if (type !== null && !takes(type)) return null;
      const envelope = fromKafkaRecord({ key: message.key?.toString() ?? null, value: message.value?.toString() ?? '', headers });
      return takes(envelope.type) ? envelope : null;
    } catch (error) {
      this.options.log?.('error', 'unreadable message skipped', { topic, offset: message.offset, error: String(error) });
      return null;
    }
  }

  async isReady(): Promise<boolean> {
    const admin = this.probe.admin();
    try {
      await admin.connect();
      const cluster = await admin.describeCluster();
      return cluster.brokers.length > 0;
    } catch {
      return false;
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.consumers].map((consumer) => consumer.stop()));
    this.consumers.clear();
    const producer = await this.producer?.catch(() => null);
    this.producer = null;
    await producer?.disconnect().catch(() => undefined);
  }
}

/**
 * kafkajs restarts a consumer itself after errors it deems retriable, but leaves it stopped after
 * others (e.g. no group coordinator while the broker restarts). Then this one takes its place.
 */
class ReplacingConsumer {
  private current: Consumer | null = null;
  private retry: NodeJS.Timeout | null = null;
  private failures = 0;
  private stopped = false;

  constructor(
    private readonly create: () => Consumer,
    private readonly run: (consumer: Consumer) => Promise<void>,
    private readonly onReplace: (error: unknown, retryMs: number) => void,
  ) {}

  /** The first start fails when the broker is not there (the service does not boot without it). */
  async start(): Promise<void> {
    const consumer = this.create();
    this.current = consumer;
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (!payload.restart) this.replace(consumer, payload.error);
    });
    await consumer.connect();
    await this.run(consumer);
  }

  private replace(failed: Consumer, error: unknown): void {
    if (this.stopped || this.current !== failed || this.retry) return;
    const retryMs = Math.min(1000 * 2 ** this.failures, 10_000);
    this.failures += 1;
    this.onReplace(error, retryMs);
    this.retry = setTimeout(async () => {
      this.retry = null;
      await failed.disconnect().catch(() => undefined);
      if (this.stopped) return;
      try {
        await this.start();
        this.failures = 0;
      } catch (startError) {
        this.replace(this.current!, startError);
      }
    }, retryMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    await this.current?.disconnect().catch(() => undefined);
  }
}

/** Right after a topic is created its partitions' leaders may still move ("not the leader"): retry those. */
async function whileLeadersMove<T>(request: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await request();
    } catch (error) {
      if (attempt >= 50 || (error as { retriable?: boolean }).retriable !== true) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
