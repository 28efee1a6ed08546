import type { EventEnvelope } from '@credits/contracts';
import { createTestDatabase, kafkaBrokers } from '@credits/test-infra';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { Inbox, inboxDdl } from './inbox';
import { KafkaMessageBus } from './kafka-message-bus';

const SCHEMA = 'inbox_test';

function envelope(id = randomUUID()): EventEnvelope {
  return { id, source: '/test', type: 'TestHappened', version: 1, time: new Date().toISOString(), key: 'k1', correlationId: id, causationId: null, data: { n: 1 } };
}

describe('inbox: idempotent consumption', () => {
  let pool: Pool;
  let inbox: Inbox;

  beforeAll(async () => {
    pool = new Pool({ connectionString: await createTestDatabase('inbox'), max: 10 });
    await pool.query(`CREATE SCHEMA ${SCHEMA}`);
    for (const sql of inboxDdl(SCHEMA)) await pool.query(sql);
    await pool.query(`CREATE TABLE ${SCHEMA}.effects (message_id text NOT NULL)`);
    inbox = new Inbox(pool, SCHEMA, 'test-consumer');
  });

  afterAll(async () => {
    await pool.end();
  });

  const effects = async (messageId: string) =>
    (await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${SCHEMA}.effects WHERE message_id = $1`, [messageId])).rows[0].n;
  const effect = (message: EventEnvelope) => (client: { query: Pool['query'] }) =>
    client.query(`INSERT INTO ${SCHEMA}.effects (message_id) VALUES ($1)`, [message.id]).then(() => undefined);

  it('applies a message delivered twice once', async () => {
    const message = envelope();
    expect(await inbox.handleOnce(message, effect(message))).toBe(true);
    expect(await inbox.handleOnce(message, effect(message))).toBe(false);
    expect(await effects(message.id)).toBe(1);
  });

  it('applies concurrent deliveries of one message once', async () => {
    const message = envelope();
    const results = await Promise.all(Array.from({ length: 8 }, () => inbox.handleOnce(message, effect(message))));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await effects(message.id)).toBe(1);
  });

  it('rolls the effect back when it fails, so a redelivery applies it', async () => {
    const message = envelope();
    await expect(
      inbox.handleOnce(message, async (client) => {
        await effect(message)(client);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await effects(message.id)).toBe(0);
    expect(await inbox.handleOnce(message, effect(message))).toBe(true);
    expect(await effects(message.id)).toBe(1);
  });

  it('applies a message that Kafka delivers twice once', async () => {
    const bus = new KafkaMessageBus({ brokers: kafkaBrokers(), clientId: 'inbox-test', namespace: `inbox-${randomUUID().slice(0, 8)}.` });
    const message = envelope();
    let deliveries = 0;
    const subscription = await bus.subscribe({
      groupId: 'consumer',
      topics: ['test.events'],
      handler: async (received) => {
        deliveries++;
        await inbox.handleOnce(received, effect(received));
      },
    });
    await bus.publish('test.events', [message]);
    await bus.publish('test.events', [message]); // the producer's retry after a lost ack looks like this
    const deadline = Date.now() + 30000;
    while (deliveries < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    await subscription.stop();
    await bus.close();
    expect(deliveries).toBe(2);
    expect(await effects(message.id)).toBe(1);
  });
});
