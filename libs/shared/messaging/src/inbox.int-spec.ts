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

  const effectsOf = (client: { query: Pool['query'] }, messages: readonly EventEnvelope[]) =>
    client.query(`INSERT INTO ${SCHEMA}.effects (message_id) SELECT unnest($1::text[])`, [messages.map((m) => m.id)]).then(() => undefined);

  it('applies a delivery in one transaction, each message once: handled ones and repeats within it left out', async () => {
    const [old, a, b] = [envelope(), envelope(), envelope()];
    await inbox.handleOnce(old, effect(old));
    const given: string[][] = [];
    const applied = await inbox.handleAllOnce([old, a, b, a], async (client, fresh) => {
      given.push(fresh.map((m) => m.id));
      await effectsOf(client, fresh);
    });
    expect(applied).toBe(2);
    expect(given).toEqual([[a.id, b.id]]);
    expect([await effects(old.id), await effects(a.id), await effects(b.id)]).toEqual([1, 1, 1]);
    expect(await inbox.handleAllOnce([a, b], (client, fresh) => effectsOf(client, fresh))).toBe(0);
  });

  it('rolls a whole delivery back when its effect fails', async () => {
    const [a, b] = [envelope(), envelope()];
    await expect(inbox.handleAllOnce([a, b], async (client, fresh) => {
      await effectsOf(client, fresh);
      throw new Error('boom');
    })).rejects.toThrow('boom');
    expect([await effects(a.id), await effects(b.id)]).toEqual([0, 0]);
    expect(await inbox.handleAllOnce([a, b], (client, fresh) => effectsOf(client, fresh))).toBe(2);
  });

  it('applies overlapping concurrent deliveries once per message', async () => {
    const messages = Array.from({ length: 12 }, () => envelope());
    // each delivery a different window of the same messages, all at once
    const deliveries = [0, 2, 4, 6].map((from) => messages.slice(from, from + 6));
    const applied = await Promise.all(deliveries.map((delivery) => inbox.handleAllOnce(delivery, (client, fresh) => effectsOf(client, fresh))));
    expect(applied.reduce((sum, n) => sum + n, 0)).toBe(messages.length);
    for (const message of messages) expect(await effects(message.id)).toBe(1);
  });

  it('gets Kafka messages in batches and applies a batch delivered again once', async () => {
    const bus = new KafkaMessageBus({ brokers: kafkaBrokers(), clientId: 'inbox-batch-test', namespace: `inbox-${randomUUID().slice(0, 8)}.` });
    const messages = Array.from({ length: 20 }, () => envelope());
    const batches: number[] = [];
    let failFirst = true;
    await bus.publish('test.events', messages);
    await bus.publish('test.events', messages.slice(0, 5)); // a producer's retry
    const subscription = await bus.subscribe({
      groupId: 'batch-consumer',
      topics: ['test.events'],
      handleBatch: async (received) => {
        batches.push(received.length);
        await inbox.handleAllOnce(received, async (client, fresh) => {
          await effectsOf(client, fresh);
          // the first delivery fails after its writes: nothing of it may stay
          if (failFirst) {
            failFirst = false;
            throw new Error('transient');
          }
        });
      },
    });
    const deadline = Date.now() + 30000;
    const count = async () => (await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${SCHEMA}.inbox WHERE message_id = ANY($1)`, [messages.map((m) => m.id)])).rows[0].n;
    while ((await count()) < messages.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    await subscription.stop();
    await bus.close();
    // one message per call would be 25 calls and more
    expect(batches.length).toBeLessThan(10);
    expect(Math.max(...batches)).toBeGreaterThan(1);
    for (const message of messages) expect(await effects(message.id)).toBe(1);
  });
});
