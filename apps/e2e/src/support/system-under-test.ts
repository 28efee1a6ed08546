import { InternalTokens } from '@credits/platform/core';
import { createTestDatabase, freePort, kafkaBrokers, stripeApiBase } from '@credits/test-infra';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { sign } from 'jsonwebtoken';

export const JWT_SECRET = 'e2e-secret-that-is-long-enough-0123456789';
/** signs the calls between the services; tests sign with it to call a service directly as another service would */
export const INTERNAL_SECRET = 'e2e-internal-secret-that-is-long-enough-0123456789';
export const internalTokens = new InternalTokens(INTERNAL_SECRET);
/** the payments service verifies Stripe webhooks with it; tests sign theirs with it (stripe-mock sends none) */
export const STRIPE_WEBHOOK_SECRET = 'whsec_e2e_webhook_secret_0123456789';
const ROOT = join(__dirname, '..', '..', '..', '..');

export interface ServiceProcess {
  readonly name: string;
  readonly child: ChildProcess;
  readonly output: string[];
}

/** Runs an app's real entry point (`apps/<app>/src/main.ts`) as its own process. */
export function spawnApp(app: string, env: Record<string, string>): ServiceProcess {
  const child = spawn(process.execPath, ['-r', './tools/register.js', `apps/${app}/src/main.ts`], {
    cwd: ROOT,
    // METRICS_PORT 0: a gateway's (or embedded process's) metrics server never clashes with another run's.
    env: { ...process.env, LOG_LEVEL: 'warn', METRICS_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout!.on('data', (chunk) => output.push(String(chunk)));
  child.stderr!.on('data', (chunk) => output.push(String(chunk)));
  return { name: app, child, output };
}

/** SIGTERM (graceful shutdown), SIGKILL if it has not exited in time; resolves with the exit code. */
export async function stopApp(service: ServiceProcess, timeoutMs = 20000): Promise<number | null> {
  if (service.child.exitCode !== null) return service.child.exitCode;
  const exited = new Promise<number | null>((resolve) => service.child.once('exit', (code) => resolve(code)));
  service.child.kill('SIGTERM');
  const timer = setTimeout(() => service.child.kill('SIGKILL'), timeoutMs);
  const code = await exited;
  clearTimeout(timer);
  return code;
}

/** Polls `probe` (readiness by default; `/health/live` for a service whose dependencies are absent). */
export async function waitUntilReady(url: string, services: ServiceProcess[], timeoutMs = 120000, probe = '/health/ready'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const dead = services.find((s) => s.child.exitCode !== null);
    if (dead) throw new Error(`${dead.name} exited with ${dead.child.exitCode}:\n${dead.output.join('').slice(-3000)}`);
    try {
      if ((await fetch(`${url}${probe}`, { signal: AbortSignal.timeout(2000) })).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} not ready after ${timeoutMs} ms:\n${services.map((s) => `--- ${s.name}\n${s.output.join('').slice(-2000)}`).join('\n')}`);
}

export interface SystemUnderTest {
  readonly gatewayUrl: string;
  /** the gateway's metrics server (METRICS_PORT): GET /metrics is not on its public port */
  readonly gatewayMetricsUrl: string;
  /** the ledger itself, for its internal (service-to-service) API */
  readonly ledgerUrl: string;
  /** membership itself; its test clock (`POST /internal/clock`) is enabled */
  readonly membershipUrl: string;
  /** payments itself, for its internal API (card payments for billing and booking) */
  readonly paymentsUrl: string;
  /** billing itself (credit options, purchases, bills) */
  readonly billingUrl: string;
  /** booking itself (resources, bookings) */
  readonly bookingUrl: string;
  readonly databaseUrl: string;
  /** prefix of this system's Kafka topics and consumer groups */
  readonly namespace: string;
  readonly services: ServiceProcess[];
  /** SIGTERM to every service; resolves with their exit codes (0 = drained and closed cleanly). */
  stop(): Promise<Array<number | null>>;
}

/** Extra environment per app (e.g. a short READ_YOUR_WRITES_TIMEOUT_MS for the gateway). */
export type AppEnvironment = Partial<Record<'membership' | 'ledger' | 'payments' | 'billing' | 'booking' | 'api-gateway', Record<string, string>>>;

/**
 * The system deployed as in production: gateway, ledger, membership, billing and payments (on stripe-mock) as separate processes on a
 * fresh database and their own topics (a namespace) on the real Kafka broker.
 */
export async function startSystemUnderTest(name: string, environment: AppEnvironment = {}): Promise<SystemUnderTest> {
  const databaseUrl = await createTestDatabase(name);
  const namespace = `${name}-${randomUUID().slice(0, 8)}.`;
  const [gatewayPort, gatewayMetricsPort, ledgerPort, membershipPort, paymentsPort, billingPort, bookingPort] = [
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  const kafka = { DATABASE_URL: databaseUrl, KAFKA_BROKERS: kafkaBrokers().join(','), KAFKA_TOPIC_PREFIX: namespace, INTERNAL_SECRET };
  const services = [
    spawnApp('membership', { ...kafka, PORT: String(membershipPort), ENABLE_TEST_CLOCK: 'true', ...environment.membership }),
    spawnApp('ledger', { ...kafka, PORT: String(ledgerPort), ...environment.ledger }),
    spawnApp('payments', {
      ...kafka,
      PORT: String(paymentsPort),
      MEMBERSHIP_URL: `http://127.0.0.1:${membershipPort}`,
      STRIPE_API_BASE: stripeApiBase(),
      STRIPE_WEBHOOK_SECRET,
      ...environment.payments,
    }),
    spawnApp('billing', {
      ...kafka,
      PORT: String(billingPort),
      MEMBERSHIP_URL: `http://127.0.0.1:${membershipPort}`,
      LEDGER_URL: `http://127.0.0.1:${ledgerPort}`,
      PAYMENTS_URL: `http://127.0.0.1:${paymentsPort}`,
      ...environment.billing,
    }),
    spawnApp('booking', {
      ...kafka,
      PORT: String(bookingPort),
      MEMBERSHIP_URL: `http://127.0.0.1:${membershipPort}`,
      LEDGER_URL: `http://127.0.0.1:${ledgerPort}`,
      PAYMENTS_URL: `http://127.0.0.1:${paymentsPort}`,
      ...environment.booking,
    }),
    spawnApp('api-gateway', {
      PORT: String(gatewayPort),
      METRICS_PORT: String(gatewayMetricsPort),
      KAFKA_BROKERS: kafka.KAFKA_BROKERS,
      KAFKA_TOPIC_PREFIX: namespace,
      JWT_SECRET,
      INTERNAL_SECRET,
      LEDGER_URL: `http://127.0.0.1:${ledgerPort}`,
      MEMBERSHIP_URL: `http://127.0.0.1:${membershipPort}`,
      PAYMENTS_URL: `http://127.0.0.1:${paymentsPort}`,
      BILLING_URL: `http://127.0.0.1:${billingPort}`,
      BOOKING_URL: `http://127.0.0.1:${bookingPort}`,
      ...environment['api-gateway'],
    }),
  ];
  const gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
  const stop = () => Promise.all([...services].reverse().map((service) => stopApp(service)));
  try {
    await waitUntilReady(gatewayUrl, services);
  } catch (error) {
    await stop();
    throw error;
  }
  const url = (port: number) => `http://127.0.0.1:${port}`;
  return { gatewayUrl, gatewayMetricsUrl: url(gatewayMetricsPort), ledgerUrl: url(ledgerPort), membershipUrl: url(membershipPort), paymentsUrl: url(paymentsPort), billingUrl: url(billingPort), bookingUrl: url(bookingPort), databaseUrl, namespace, services, stop };
}

/** What a service (booking, by default) signs to call `audience` for itself, e.g. the ledger's internal API. */
export function serviceToken(audience: 'ledger' | 'membership' | 'payments', issuer = 'booking'): string {
  return internalTokens.sign({ iss: issuer, aud: audience });
}

export function tokenFor(sub: string, roles: string[] = []): string {
  return sign({ sub, roles }, JWT_SECRET, { algorithm: 'HS256', expiresIn: '1h' });
}

export interface ApiResponse {
  readonly status: number;
  readonly contentType: string;
  readonly headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test assertions read arbitrary JSON
  readonly body: any;
}

export interface RequestOptions {
  readonly token?: string;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

export function apiClient(baseUrl: string) {
  return async (method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse> => {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, contentType: response.headers.get('content-type') ?? '', headers: response.headers, body };
  };
}

/** Reads until `done` holds (events travel asynchronously) or 30 s pass; returns the last value for the test's assertions. */
export async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 30000;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
