import { freePort, provisionInfra } from '@credits/test-infra';
import { chmodSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startChild, type Child } from './children';

export const BENCH_JWT_SECRET = 'bench-only-secret-0123456789-abcdefghijklmnop';

export interface SystemUnderTest {
  readonly gatewayUrl: string;
  /** the Prometheus metrics of billing (embedded: of every service) */
  readonly billingMetricsUrl: string;
  /** embedded: the one Node process that runs every service */
  readonly nodePid?: number;
  stop(): Promise<void>;
}

export interface SystemOptions {
  /** a temp dir of this run: data, logs */
  readonly dir: string;
  /** write a CPU profile of every system process into this dir (`node --cpu-prof`) */
  readonly cpuProfileDir?: string;
  readonly log: (line: string) => void;
}

const profiling = (dir: string | undefined) => (dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : []);

/** node's arguments in `npm start` (`exec node <these>`), read from package.json so the benchmark runs what users run. */
function npmStartArguments(): string[] {
  const { scripts } = JSON.parse(readFileSync(resolve(__dirname, '../../package.json'), 'utf8')) as { scripts: Record<string, string> };
  const [exec, node, ...args] = scripts.start.split(/\s+/);
  if (exec !== 'exec' || node !== 'node') throw new Error(`npm start is not "exec node ...": ${scripts.start}`);
  return args;
}

/** Polls the gateway's readiness, which asks every service behind it. */
async function waitUntilReady(gatewayUrl: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ready = await fetch(`${gatewayUrl}/health/ready`).then((response) => response.ok, () => false);
    if (ready) return;
    if (Date.now() > deadline) throw new Error(`${gatewayUrl} not ready after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** `npm start`: every service in one process, its own embedded PostgreSQL in a temp DATA_DIR. */
export async function startEmbedded(options: SystemOptions): Promise<SystemUnderTest> {
  const dataDir = join(options.dir, 'data');
  mkdirSync(dataDir);
  chmodSync(options.dir, 0o755); // embedded PostgreSQL runs as the `postgres` user
  const [port, metricsPort] = await Promise.all([freePort(), freePort()]);
  const { child } = await startChild([...profiling(options.cpuProfileDir), ...npmStartArguments()], {
    env: { ...process.env, PORT: String(port), METRICS_PORT: String(metricsPort), DATA_DIR: dataDir, POSTGRES_PORT: '0', JWT_SECRET: BENCH_JWT_SECRET, LOG_LEVEL: 'info' },
    logFile: join(options.dir, 'embedded.log'),
    ready: /credits platform \(embedded\) on/,
  });
  const gatewayUrl = `http://127.0.0.1:${port}`;
  await waitUntilReady(gatewayUrl);
  return { gatewayUrl, billingMetricsUrl: `http://127.0.0.1:${metricsPort}/metrics`, nodePid: child.process.pid, stop: () => child.stop() };
}

/**
 * `npm run start:distributed`: each service its own process (NODE_OPTIONS carries a profiler
 * preload to each), on PostgreSQL, Kafka and stripe-mock started for this run.
 */
export async function startDistributed(options: SystemOptions): Promise<SystemUnderTest> {
  const infraDir = join(options.dir, 'infra');
  mkdirSync(infraDir);
  chmodSync(options.dir, 0o755); // embedded PostgreSQL runs as the `postgres` user
  const infra = await provisionInfra({ dataDir: infraDir, local: true, log: (line) => options.log(`infra: ${line}`) });
  let child: Child | undefined;
  try {
    const [gateway, ledger, membership, billing, payments] = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort()]);
    const started = await startChild(['tools/start-distributed.mjs'], {
      env: {
        ...process.env,
        DATABASE_URL: infra.databaseUrl,
        KAFKA_BROKERS: infra.kafkaBrokers,
        // card payments stay unconfigured (503): the benchmark makes none
        JWT_SECRET: BENCH_JWT_SECRET,
        LOG_LEVEL: 'info',
        PORT: String(gateway),
        LEDGER_PORT: String(ledger),
        MEMBERSHIP_PORT: String(membership),
        BILLING_PORT: String(billing),
        PAYMENTS_PORT: String(payments),
        ...(options.cpuProfileDir ? { NODE_OPTIONS: `-r ${resolve(__dirname, 'cpu-profile-preload.js')}`, CPU_PROFILE_DIR: options.cpuProfileDir } : {}),
      },
      logFile: join(options.dir, 'distributed.log'),
      ready: /api-gateway listening on/,
    });
    child = started.child;
    const gatewayUrl = `http://127.0.0.1:${gateway}`;
    await waitUntilReady(gatewayUrl);
    return {
      gatewayUrl,
      billingMetricsUrl: `http://127.0.0.1:${billing}/metrics`,
      stop: async () => {
        await child?.stop();
        await infra.stop();
      },
    };
  } catch (error) {
    await child?.stop();
    await infra.stop();
    throw error;
  }
}
