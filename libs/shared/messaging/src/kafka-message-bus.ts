import { fromKafkaRecord, toKafkaRecord, type EventEnvelope } from '@credits/contracts';
import { Kafka, logLevel, type Consumer, type Producer } from 'kafkajs';
import { handleInContext, type MessageBus, type SubscribeOptions, type Subscription } from './message-bus.port';

export interface KafkaBusOptions {
  readonly brokers: readonly string[];
  readonly clientId: string;
  /** Prefix for topic and group names, so several systems can share one cluster (tests, tenants). */
  readonly namespace?: string;
  readonly log?: (level: 'info' | 'warn' | 'error', message: string, extra?: object) => void;
}

export class KafkaMessageBus implements MessageBus {
  private readonly kafka: Kafka;
  private producer: Producer | null = null;
  private readonly consumers = new Set<Consumer>();
  private readonly knownTopics = new Set<string>();

  constructor(private readonly options: KafkaBusOptions) {
    this.kafka = new Kafka({
      clientId: options.clientId,
      brokers: [...options.brokers],
      logLevel: logLevel.NOTHING,
      retry: { retries: 8, initialRetryTime: 100 },
    });
  }

  private async connectedProducer(): Promise<Producer> {
    if (!this.producer) {
      // Idempotent with one request in flight: retries can neither duplicate nor reorder per partition.
      const producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
      await producer.connect();
      this.producer = producer;
    }
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
    const producer = await this.connectedProducer();
    await producer.send({ topic: this.name(topic), acks: -1, messages: envelopes.map(toKafkaRecord) });
  }

  /** Creates missing topics with the broker's defaults: subscribing to a missing topic fails. */
  private async ensureTopics(topics: readonly string[]): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      await admin.createTopics({ waitForLeaders: true, topics: topics.map((topic) => ({ topic: this.name(topic) })) });
    } finally {
      await admin.disconnect();
    }
  }

  async subscribe({ groupId, topics, handler }: SubscribeOptions): Promise<Subscription> {
    await this.ensureTopics(topics);
    const consumer = this.kafka.consumer({ groupId: this.name(groupId), allowAutoTopicCreation: true, retry: { retries: 10 } });
    await consumer.connect();
    for (const topic of topics) await consumer.subscribe({ topic: this.name(topic), fromBeginning: true });
    await consumer.run({
      // Offsets are committed only after the handler resolved, i.e. after its transaction committed.
      autoCommit: true,
      eachMessage: async ({ message, topic }) => {
        let envelope: EventEnvelope;
        try {
          envelope = fromKafkaRecord({
            key: message.key?.toString() ?? null,
            value: message.value?.toString() ?? '',
            headers: Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)])),
          });
        } catch (error) {
          // A message we cannot read would block the partition forever: log it and move on.
          this.options.log?.('error', 'unreadable message skipped', { topic, offset: message.offset, error: String(error) });
          return;
        }
        await handleInContext(envelope, handler);
      },
    });
    this.consumers.add(consumer);
    return {
      stop: async () => {
        this.consumers.delete(consumer);
        await consumer.disconnect();
      },
    };
  }

  async isReady(): Promise<boolean> {
    const admin = this.kafka.admin();
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
    await Promise.all([...this.consumers].map((consumer) => consumer.disconnect().catch(() => undefined)));
    this.consumers.clear();
    await this.producer?.disconnect().catch(() => undefined);
    this.producer = null;
  }
}
