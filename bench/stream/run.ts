import { Topics } from '@credits/contracts';
import { createLedgerRelay } from '@credits/ledger-service';
import { KafkaMessageBus } from '@credits/messaging';
import { JsonLogger, runMigrations } from '@credits/platform/core';
import { provisionInfra } from '@credits/test-infra';
import { Kafka, logLevel } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client, Pool } from 'pg';
import { ledgerMigrations } from '../../libs/ledger/service/src/migrations';
import { WalletCommandExecutor } from '../../libs/ledger/service/src/wallets/wallet-command.executor';
import { benchWalletOwner, initialGrant } from '../ledger/workload';

/**
 * `npm run bench:stream`: the ledger commits grants at a steady rate (its command path: group
 * commit, event store), its relay publishes them to Kafka as it does in production, and a raw
 * kafkajs consumer (an analytics consumer, no project code) reads the topic. Latency per event is
 * from the moment its commit was acknowledged to the ledger's caller to the moment the consumer got
 * it; both clocks are this process's monotonic clock. Uses DATABASE_URL / KAFKA_BROKERS when set,
 * else starts PostgreSQL and Kafka locally (as the tests do).
 */
const RATE = Number(process.env.BENCH_STREAM_RATE ?? 1000);
const SECONDS = Number(process.env.BENCH_STREAM_SECONDS ?? 30);
/** seconds at the same rate before the measured ones (first connections, JIT, the broker's warm-up) */
const WARMUP_SECONDS = Number(process.env.BENCH_STREAM_WARMUP_SECONDS ?? 5);
const WALLETS = Number(process.env.BENCH_STREAM_WALLETS ?? 1000);
/** how long to wait for the last events to arrive after the load ended */
const DRAIN_MS = 30_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main(): Promise<void> {
  const log = (line: string) => process.stdout.write(`[bench] ${line}\n`);
  const infra = await provisionInfra({ log });
  try {
    const admin = new Client({ connectionString: infra.databaseUrl });
    await admin.connect();
    const database = `stream_bench_${Date.now()}`;
    await admin.query(`CREATE DATABASE ${database}`);
    await admin.end();
    const url = new URL(infra.databaseUrl);
    url.pathname = `/${database}`;
    await runMigrations(url.toString(), 'ledger', ledgerMigrations);
    const pool = new Pool({ connectionString: url.toString(), max: 8 });

    const namespace = `stream-bench-${randomUUID().slice(0, 8)}.`;
    const topic = `${namespace}${Topics.ledger}`;
    const brokers = infra.kafkaBrokers.split(',');
    const kafka = new Kafka({ clientId: 'stream-bench', brokers, logLevel: logLevel.NOTHING });
    const kafkaAdmin = kafka.admin();
    await kafkaAdmin.connect();
    await kafkaAdmin.createTopics({ waitForLeaders: true, topics: [{ topic }] });
    await kafkaAdmin.disconnect();

    // The reader: plain kafkajs, as an analytics consumer would subscribe.
    const delivered = new Map<string, number>();
    const consumer = kafka.consumer({ groupId: `${namespace}reader` });
    const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const id = message.headers?.ce_id?.toString();
        if (id) delivered.set(id, performance.now());
      },
    });
    await joined;

    const bus = new KafkaMessageBus({ brokers, clientId: 'stream-bench-ledger', namespace });
    // Where the time goes: when the broker acknowledged each event to the relay.
    const published = new Map<string, number>();
    const publish = bus.publish.bind(bus);
    bus.publish = async (topicName, envelopes) => {
      await publish(topicName, envelopes);
      const at = performance.now();
      for (const envelope of envelopes) published.set(envelope.id, at);
    };
    const relay = createLedgerRelay(pool, bus, new JsonLogger('stream-bench', 'warn'));
    relay.start();
    const executor = new WalletCommandExecutor(pool);
    executor.onCommitted(() => relay.nudge());

    const committed = new Map<string, number>();
    const pending: Promise<void>[] = [];
    let failures = 0;
    let measuring = false;
    const grant = (index: number) => {
      const owner = benchWalletOwner(index % WALLETS);
      const now = new Date().toISOString();
      const answer = executor.execute({ owner, idempotencyKey: randomUUID(), request: { index }, command: (walletId) => initialGrant(walletId, now) }).then(
        (response) => {
          if (!measuring) return;
          const at = performance.now();
          for (const eventId of (response.body as { eventIds?: string[] }).eventIds ?? []) committed.set(eventId, at);
        },
        () => {
          failures += 1;
        },
      );
      pending.push(answer);
    };

    const commitAtRate = async (seconds: number) => {
      const total = RATE * seconds;
      const started = performance.now();
      let issued = 0;
      while (issued < total) {
        const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * RATE));
        while (issued < due) grant(issued++);
        await sleep(2);
      }
      await Promise.all(pending.splice(0));
      return (performance.now() - started) / 1000;
    };
    log(`warming up: ${RATE * WARMUP_SECONDS} grants at ${RATE}/s for ${WARMUP_SECONDS} s (not measured)`);
    await commitAtRate(WARMUP_SECONDS);
    measuring = true;
    log(`committing ${RATE * SECONDS} grants at ${RATE}/s for ${SECONDS} s on ${WALLETS} wallets, reading ${topic}`);
    const loadSeconds = await commitAtRate(SECONDS);
    const drainUntil = performance.now() + DRAIN_MS;
    while ([...committed.keys()].some((id) => !delivered.has(id)) && performance.now() < drainUntil) await sleep(50);

    await relay.stop();
    await consumer.disconnect();
    await bus.close();
    await executor.close();
    await pool.end();

    const percentiles = (values: number[]) => {
      const sorted = values.sort((a, b) => a - b);
      return (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    };
    const latencies = [...committed].filter(([id]) => delivered.has(id)).map(([id, at]) => delivered.get(id)! - at);
    if (latencies.length === 0) throw new Error('no event reached the consumer');
    const at = percentiles(latencies);
    const toPublish = percentiles([...committed].filter(([id]) => published.has(id)).map(([id, at]) => published.get(id)! - at));
    const firstCommit = Math.min(...committed.values());
    const lastDelivery = Math.max(...[...committed.keys()].map((id) => delivered.get(id) ?? 0));
    const results = {
      commitToConsumerP50Ms: Number(at(0.5).toFixed(2)),
      commitToConsumerP99Ms: Number(at(0.99).toFixed(2)),
      eventsPerSec: Math.round(latencies.length / ((lastDelivery - firstCommit) / 1000)),
      commitToConsumerMaxMs: Number(at(1).toFixed(2)),
      commitToPublishedP50Ms: Number(toPublish(0.5).toFixed(2)),
      commitToPublishedP99Ms: Number(toPublish(0.99).toFixed(2)),
      targetRatePerSec: RATE,
      committedPerSec: Math.round(committed.size / loadSeconds),
      seconds: SECONDS,
      warmupSeconds: WARMUP_SECONDS,
      events: committed.size,
      delivered: latencies.length,
      commandFailures: failures,
      cpus: cpus().length,
      measuredAt: new Date().toISOString(),
    };
    console.table({
      'commit -> consumer p50 (ms)': { value: results.commitToConsumerP50Ms, target: '' },
      'commit -> consumer p99 (ms)': { value: results.commitToConsumerP99Ms, target: '<= 100' },
      'events/s delivered': { value: results.eventsPerSec, target: `${RATE}` },
      'events lost': { value: results.events - results.delivered, target: '0' },
    });
    const file = join(__dirname, '..', 'results', 'stream.json');
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
    log(`wrote ${file}`);
    if (results.events !== results.delivered || failures > 0) throw new Error(`${results.events - results.delivered} events not delivered, ${failures} commands failed`);
  } finally {
    await infra.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
