import type { EventEnvelope } from '@credits/contracts';
import { kafkaBrokers } from '@credits/test-infra';
import { Kafka, logLevel } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { MessageChannel } from 'node:worker_threads';
import { InProcessMessageBus } from './in-process-message-bus';
import { KafkaMessageBus } from './kafka-message-bus';
import type { MessageBus } from './message-bus.port';
import { PortMessageBus, exposeBus } from './port-message-bus';

const TOPIC = 'test.types';

function envelope(type: string, n: number): EventEnvelope {
  return { id: randomUUID(), source: '/test', type, version: 1, time: new Date().toISOString(), key: 'k', correlationId: 'c', causationId: null, data: { n } };
}

const published = [envelope('Wanted', 1), envelope('Other', 2), envelope('Wanted', 3), envelope('Other', 4), envelope('Wanted', 5)];

/** What a per-message and a batch subscriber taking `Wanted` only got, once each has `expected` messages. */
async function takenBy(bus: MessageBus, expected: number, publish: () => Promise<void>): Promise<{ each: number[]; batches: number[] }> {
  const each: number[] = [];
  const batches: number[] = [];
  const n = (e: EventEnvelope) => (e.data as { n: number }).n;
  const subscriptions = await Promise.all([
    bus.subscribe({ groupId: `each-${randomUUID()}`, topics: [TOPIC], types: ['Wanted'], handler: async (e) => void each.push(n(e)) }),
    bus.subscribe({ groupId: `batch-${randomUUID()}`, topics: [TOPIC], types: ['Wanted'], handleBatch: async (es) => void batches.push(...es.map(n)) }),
  ]);
  await publish();
  const deadline = Date.now() + 30000;
  while ((each.length < expected || batches.length < expected) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  await Promise.all(subscriptions.map((subscription) => subscription.stop()));
  return { each, batches };
}

describe('a subscription that names its event types', () => {
  it('on Kafka gets only those, and passes the others by without parsing their value', async () => {
    const namespace = `types-${randomUUID().slice(0, 8)}.`;
    const errors: string[] = [];
    const bus = new KafkaMessageBus({ brokers: kafkaBrokers(), clientId: 'types-test', namespace, log: (level, message) => void (level === 'error' && errors.push(message)) });
    const kafka = new Kafka({ brokers: [...kafkaBrokers()], clientId: 'types-test-raw', logLevel: logLevel.NOTHING });
    const producer = kafka.producer();
    try {
      await producer.connect();
      const got = await takenBy(bus, 3, async () => {
        await bus.publish(TOPIC, published.slice(0, 2));
        // Another type whose value is not JSON: read, it would be logged as unreadable.
        await producer.send({ topic: `${namespace}${TOPIC}`, messages: [{ key: 'k', value: 'not json', headers: { ce_type: 'credits.Other.v1', ce_id: randomUUID() } }] });
        await bus.publish(TOPIC, published.slice(2));
      });
      expect(got).toEqual({ each: [1, 3, 5], batches: [1, 3, 5] });
      expect(errors).toEqual([]);
    } finally {
      await producer.disconnect();
      await bus.close();
    }
  });

  it('in process and across a thread boundary gets the same', async () => {
    const bus = new InProcessMessageBus();
    expect(await takenBy(bus, 3, () => bus.publish(TOPIC, published))).toEqual({ each: [1, 3, 5], batches: [1, 3, 5] });

    const { port1, port2 } = new MessageChannel();
    const served = exposeBus(bus, port1);
    const remote = new PortMessageBus(port2);
    try {
      expect(await takenBy(remote, 3, () => bus.publish(TOPIC, published))).toEqual({ each: [1, 3, 5], batches: [1, 3, 5] });
    } finally {
      await remote.close();
      await served.close();
    }
  });
});
