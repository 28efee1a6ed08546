// Proves that the services the global setup provisioned are real PostgreSQL and Kafka, and that
// kafkajs 2.2.4 works with this broker version (Kafka 4 dropped old protocol versions, KIP-896).
import { Kafka, Partitioners, logLevel } from 'kafkajs';
import { Client } from 'pg';
import Stripe from 'stripe';
import { createTestDatabase, kafkaBrokers, stripeApiBase, uniqueTopic } from './index';

// jest 29 ignores a per-project testTimeout in jest.config.js, so set it here.
jest.setTimeout(60_000);

describe('provisioned infrastructure', () => {
  it('is a real PostgreSQL server, with an isolated database per test file', async () => {
    const url = await createTestDatabase('infra_spec');
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{ version: string; db: string }>('SELECT version(), current_database() AS db');
      expect(rows[0].version).toMatch(/^PostgreSQL \d+/);
      expect(url).toContain(`/${rows[0].db}`);
      expect(rows[0].db).toMatch(/^infra_spec_/);
    } finally {
      await client.end();
    }
  });

  it('is a real Kafka broker that kafkajs can describe, produce to and consume from', async () => {
    const kafka = new Kafka({ clientId: 'infra-spec', brokers: kafkaBrokers(), logLevel: logLevel.NOTHING /* retriable errors are logged as ERROR */ });
    const admin = kafka.admin();
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    // disconnect() waits for the pending fetch, which the broker holds for up to maxWaitTimeInMs (5 s by default).
    const consumer = kafka.consumer({ groupId: uniqueTopic('infra-spec-group'), maxWaitTimeInMs: 200 });
    const topic = uniqueTopic('infra-spec');
    try {
      await admin.connect();
      const cluster = await admin.describeCluster();
      expect(cluster.brokers.length).toBeGreaterThanOrEqual(1);
      // Auto-creation would also do; creating it first avoids a metadata race on the first send.
      await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });

      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      const received = new Promise<{ key: string; value: string }>((resolve) => {
        void consumer.run({
          eachMessage: async ({ message }) => resolve({ key: String(message.key), value: String(message.value) }),
        });
      });

      await producer.connect();
      await producer.send({ topic, messages: [{ key: 'k1', value: 'hello from kafkajs' }] });

      expect(await received).toEqual({ key: 'k1', value: 'hello from kafkajs' });

      // The broker auto-creates unknown topics with num.partitions=3.
      const autoTopic = uniqueTopic('infra-spec-auto');
      await producer.send({ topic: autoTopic, messages: [{ value: 'auto' }] });
      const [metadata] = (await admin.fetchTopicMetadata({ topics: [autoTopic] })).topics;
      expect(metadata.partitions).toHaveLength(3);
    } finally {
      await Promise.allSettled([consumer.disconnect(), producer.disconnect(), admin.disconnect()]);
    }
  });

  it('is a stripe-mock that the official stripe package talks to', async () => {
    const url = new URL(stripeApiBase());
    const stripe = new Stripe('sk_test_infra', { host: url.hostname, port: Number(url.port), protocol: 'http' });
    const intent = await stripe.paymentIntents.create({ amount: 900, currency: 'eur' });
    expect(intent).toMatchObject({ object: 'payment_intent', amount: 900, currency: 'eur' });
    expect(intent.id).toMatch(/^pi_/);
    expect(intent.client_secret).toEqual(expect.any(String));
  });
});
