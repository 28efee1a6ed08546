import { freePort } from '@credits/test-infra';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEventStream } from './support/event-stream-client';
import { JWT_SECRET, apiClient, eventually, spawnApp, stopApp, tokenFor, waitUntilReady, type ServiceProcess } from './support/system-under-test';

/** Whether a process runs (an exited one that nobody has reaped yet, a zombie, does not). */
function isRunning(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

const parentOf = (pid: number): number => Number(readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ')[1]);

/**
 * `npm start`: every service in one process on embedded PostgreSQL and the in-process bus.
 * Data survives a restart; SIGTERM shuts down cleanly, PostgreSQL included; a PostgreSQL that dies
 * is started again; after a kill -9 of Node the next start stops the PostgreSQL it left behind.
 */
describe('embedded mode (npm start)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'credits-embedded-'));
  // Run as root, embedded PostgreSQL works as the `postgres` user, which must reach the directory.
  chmodSync(dataDir, 0o755);
  let port: number;
  let metricsPort: number;
  let running: ServiceProcess | null = null;

  const env = () => ({ PORT: String(port), METRICS_PORT: String(metricsPort), DATA_DIR: dataDir, JWT_SECRET, CORS_ORIGINS: '' });
  async function start(): Promise<ReturnType<typeof apiClient>> {
    running = spawnApp('embedded', env());
    await waitUntilReady(`http://127.0.0.1:${port}`, [running]);
    return apiClient(`http://127.0.0.1:${port}`);
  }
  /** `npm start` itself, as a user runs it: the npm process, its Node process and PostgreSQL. */
  async function npmStart(): Promise<ReturnType<typeof apiClient>> {
    const child = spawn('npm', ['start'], { cwd: join(__dirname, '..', '..', '..'), env: { ...process.env, LOG_LEVEL: 'warn', ...env() }, stdio: ['ignore', 'pipe', 'pipe'] });
    const output: string[] = [];
    child.stdout!.on('data', (chunk) => output.push(String(chunk)));
    child.stderr!.on('data', (chunk) => output.push(String(chunk)));
    running = { name: 'npm start', child, output };
    await waitUntilReady(`http://127.0.0.1:${port}`, [running]);
    return apiClient(`http://127.0.0.1:${port}`);
  }
  const postmasterPid = (): number => Number(readFileSync(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
  const grant = (api: ReturnType<typeof apiClient>, key: string) =>
    api('POST', `/v1/locations/${locationId}/users/bob/credits/grants`, {
      token: tokenFor('alice'),
      headers: { 'idempotency-key': key },
      body: { amount: '2.50', kind: 'permanent', reason: 'embedded' },
    });
  const balance = async (api: ReturnType<typeof apiClient>) => (await api('GET', `/v1/locations/${locationId}/users/bob/credits`, { token: tokenFor('bob') })).body.balance;
  let locationId: string;

  beforeAll(async () => {
    port = await freePort();
    metricsPort = await freePort();
  });

  afterAll(async () => {
    if (running) await stopApp(running);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves the API flow, shuts down cleanly and keeps its data across a restart', async () => {
    let api = await start();
    const operator = tokenFor('op-1', ['operator']);
    const admin = tokenFor('alice');
    const location = await api('POST', '/v1/locations', { token: operator, body: { name: 'Embedded', currency: 'EUR', timezone: 'Europe/Paris' } });
    expect(location.status).toBe(201);
    locationId = location.body.id;
    expect((await api('POST', `/v1/locations/${locationId}/members`, { token: operator, body: { userId: 'alice', role: 'admin' } })).status).toBe(201);
    expect((await api('POST', `/v1/locations/${locationId}/members`, { token: admin, body: { userId: 'bob', role: 'member' } })).status).toBe(201);
    expect((await api('PATCH', `/v1/locations/${locationId}/settings`, { token: admin, body: { creditsEnabled: true } })).status).toBe(200);
    // Bob's app listens: notifications travel the in-process bus too.
    const notifications = await openEventStream(`http://127.0.0.1:${port}/v1/me/notifications`, { authorization: `Bearer ${tokenFor('bob')}` });
    expect(notifications.status).toBe(200);
    // Read-your-writes through the in-process bus: the grant right after the membership changes works.
    const grant = await api('POST', `/v1/locations/${locationId}/users/bob/credits/grants`, {
      token: admin,
      headers: { 'idempotency-key': 'embedded-1' },
      body: { amount: '7.50', kind: 'permanent', reason: 'embedded' },
    });
    expect(grant.status).toBe(201);
    expect((await api('GET', '/docs-json')).body.info.title).toBe('Credits platform API');
    // Metrics of every service of the process on METRICS_PORT; the public port answers /metrics 404.
    const metrics = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
    expect(metrics.status).toBe(200);
    const scraped = await metrics.text();
    expect(scraped).toMatch(/^credits_commands_total\{service="ledger",command="GrantCreditsCommand",outcome="accepted"/m);
    // The gateway runs in a thread of its own: its metrics come along, and its grant reached the ledger's fast lane from that thread.
    expect(scraped).toMatch(/^credits_http_fast_lane_requests_total\{service="ledger",method="POST",route="[^"]*\/credits\/grants",via="thread"\} [1-9]/m);
    expect(scraped).toMatch(/^http_server_request_duration_seconds_count\{[^}]*service="api-gateway"[^}]*route="\/v1\/locations\/:locationId\/users\/:userId\/credits\/grants"[^}]*\} [1-9]/m);
    expect((await api('GET', '/metrics')).status).toBe(404);
    // CORS_ORIGINS unset: browser apps on any local port may call it (frontend dev servers).
    const preflight = await fetch(`http://127.0.0.1:${port}/v1/me`, { method: 'OPTIONS', headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'GET' } });
    expect([preflight.status, preflight.headers.get('access-control-allow-origin')]).toEqual([204, 'http://localhost:5173']);

    const pushed = await notifications.until((stream) => stream.events.length >= 1);
    expect(pushed.map((event) => [event.id, event.event, JSON.parse(event.data).amount])).toEqual([['1', 'credits-added', '7.50']]);

    // An open notification stream does not hold up the shutdown: it is ended.
    const postgres = postmasterPid();
    expect(await stopApp(running!)).toBe(0);
    await notifications.ended;
    running = null;
    expect(isRunning(postgres)).toBe(false);
    expect(existsSync(join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);

    api = await start();
    const balance = await api('GET', `/v1/locations/${locationId}/users/bob/credits`, { token: tokenFor('bob') });
    expect(balance.status).toBe(200);
    expect(balance.body.balance).toBe('7.50');
    expect(await stopApp(running!)).toBe(0);
    running = null;
  });

  it('starts its PostgreSQL again when it dies; after a kill -9 of Node, the next npm start stops the orphaned PostgreSQL and starts; SIGTERM to npm stops everything', async () => {
    let api = await npmStart();
    const crashed = postmasterPid();
    process.kill(crashed, 'SIGKILL');
    await eventually(async () => (isRunning(crashed) ? 0 : (await api('GET', '/health/ready').catch(() => ({ status: 0 }))).status), (status) => status === 200);
    expect(postmasterPid()).not.toBe(crashed);
    expect((await grant(api, 'after-postgres-crash')).status).toBe(201);

    // kill -9 of Node leaves its PostgreSQL running, holding the data directory.
    const orphan = postmasterPid();
    const node = parentOf(orphan);
    const npmExited = new Promise((resolve) => running!.child.once('exit', resolve));
    process.kill(node, 'SIGKILL');
    await npmExited;
    expect(isRunning(orphan)).toBe(true);

    api = await npmStart();
    expect(isRunning(orphan)).toBe(false);
    expect(await balance(api)).toBe('10.00');

    const [postgres, nodeAgain] = [postmasterPid(), parentOf(postmasterPid())];
    expect(await stopApp(running!)).not.toBeNull(); // SIGTERM to the npm process
    running = null;
    await eventually(async () => [isRunning(nodeAgain), isRunning(postgres)], (alive) => alive.every((a) => !a));
    expect([isRunning(nodeAgain), isRunning(postgres)]).toEqual([false, false]);
  });
});
