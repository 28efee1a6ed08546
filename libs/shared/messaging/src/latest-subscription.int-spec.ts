import type { EventEnvelope } from '@credits/contracts';
import { kafkaBrokers } from '@credits/test-infra';
import { randomUUID } from 'node:crypto';
import { InProcessMessageBus } from './in-process-message-bus';
import { KafkaMessageBus } from './kafka-message-bus';
import type { MessageBus } from './message-bus.port';

function envelope(n: number): EventEnvelope {
  return { id: randomUUID(), source: '/test', type: 'TestHappened', version: 1, time: new Date().toISOString(), key: `k${n % 3}`, correlationId: 'c', causationId: null, data: { n } };
}

/** Subscribes `latest` after `before` messages, publishes `after` more; resolves with what the subscriber got once it has `after` messages. */
async function receivedAfterSubscribing(bus: MessageBus, before: number, after: number): Promise<number[]> {
  const topic = 'test.live';
  await bus.publish(topic, Array.from({ length: before }, (_, i) => envelope(i)));
  const seen: number[] = [];
  const subscription = await bus.subscribe({ groupId: `live-${randomUUID()}`, topics: [topic], startAt: 'latest', handler: async (e) => void seen.push((e.data as { n: number }).n) });
  for (let i = before; i < before + after; i++) await bus.publish(topic, [envelope(i)]);
  const deadline = Date.now() + 30000;
  while (seen.length < after && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  await subscription.stop();
  return seen.sort((a, b) => a - b);
}

describe('a subscription from the latest offset (live fan-out)', () => {
  it('on Kafka gets every message published after subscribe resolved, none from before', async () => {
    const bus = new KafkaMessageBus({ brokers: kafkaBrokers(), clientId: 'latest-test', namespace: `latest-${randomUUID().slice(0, 8)}.` });
    try {
      expect(await receivedAfterSubscribing(bus, 5, 4)).toEqual([5, 6, 7, 8]);
    } finally {
      await bus.close();
    }
  });

  it('in process gets the same', async () => {
    expect(await receivedAfterSubscribing(new InProcessMessageBus(), 5, 4)).toEqual([5, 6, 7, 8]);
  });
});
