import { kafkaBrokers } from '@credits/test-infra';
import { Kafka, logLevel } from 'kafkajs';
import { randomUUID } from 'node:crypto';

/** A Kafka message as any plain consumer sees it: no project code in between. */
export interface RawMessage {
  readonly key: string | null;
  readonly value: string;
  readonly headers: Record<string, string>;
}

/**
 * Reads a topic from its beginning with a raw kafkajs consumer in a group of its own, until
 * `enough` holds or 30 s pass; returns the messages in the order they arrived.
 */
export async function readTopicFromStart(
  topic: string,
  enough: (seen: readonly RawMessage[]) => boolean,
  brokers: string[] = kafkaBrokers(),
): Promise<RawMessage[]> {
  const kafka = new Kafka({ clientId: 'e2e-raw-reader', brokers, logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `raw-reader-${randomUUID()}`, maxWaitTimeInMs: 100 });
  await consumer.connect();
  const seen: RawMessage[] = [];
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(value)]));
        seen.push({ key: message.key?.toString() ?? null, value: message.value?.toString() ?? '', headers });
      },
    });
    const deadline = Date.now() + 30000;
    while (!enough(seen) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    return seen;
  } finally {
    await consumer.disconnect();
  }
}
