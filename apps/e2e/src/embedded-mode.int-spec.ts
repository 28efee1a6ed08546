import { freePort } from '@credits/test-infra';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JWT_SECRET, apiClient, spawnApp, stopApp, tokenFor, waitUntilReady, type ServiceProcess } from './support/system-under-test';

/**
 * `npm start`: every service in one process on embedded PostgreSQL and the in-process bus.
 * Data survives a restart; SIGTERM shuts down cleanly.
 */
describe('embedded mode (npm start)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'credits-embedded-'));
  // Run as root, embedded PostgreSQL works as the `postgres` user, which must reach the directory.
  chmodSync(dataDir, 0o755);
  let port: number;
  let running: ServiceProcess | null = null;

  async function start(): Promise<ReturnType<typeof apiClient>> {
    running = spawnApp('embedded', { PORT: String(port), DATA_DIR: dataDir, JWT_SECRET, CORS_ORIGINS: '' });
    await waitUntilReady(`http://127.0.0.1:${port}`, [running]);
    return apiClient(`http://127.0.0.1:${port}`);
  }

  beforeAll(async () => {
    port = await freePort();
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
    const locationId = location.body.id;
    expect((await api('POST', `/v1/locations/${locationId}/members`, { token: operator, body: { userId: 'alice', role: 'admin' } })).status).toBe(201);
    expect((await api('POST', `/v1/locations/${locationId}/members`, { token: admin, body: { userId: 'bob', role: 'member' } })).status).toBe(201);
    expect((await api('PATCH', `/v1/locations/${locationId}/settings`, { token: admin, body: { creditsEnabled: true } })).status).toBe(200);
    // Read-your-writes through the in-process bus: the grant right after the membership changes works.
    const grant = await api('POST', `/v1/locations/${locationId}/users/bob/credits/grants`, {
      token: admin,
      headers: { 'idempotency-key': 'embedded-1' },
      body: { amount: '7.50', kind: 'permanent', reason: 'embedded' },
    });
    expect(grant.status).toBe(201);
    expect((await api('GET', '/docs-json')).body.info.title).toBe('Credits platform API');
    // CORS_ORIGINS unset: browser apps on any local port may call it (frontend dev servers).
    const preflight = await fetch(`http://127.0.0.1:${port}/v1/me`, { method: 'OPTIONS', headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'GET' } });
    expect([preflight.status, preflight.headers.get('access-control-allow-origin')]).toEqual([204, 'http://localhost:5173']);

    expect(await stopApp(running!)).toBe(0);
    running = null;

    api = await start();
    const balance = await api('GET', `/v1/locations/${locationId}/users/bob/credits`, { token: tokenFor('bob') });
    expect(balance.status).toBe(200);
    expect(balance.body.balance).toBe('7.50');
  });
});
