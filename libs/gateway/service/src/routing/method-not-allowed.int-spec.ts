import { freePort } from '@credits/test-infra';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { sign } from 'jsonwebtoken';

const JWT_SECRET = 'method-test-secret-that-is-long-enough-0123';
const ORIGIN = 'http://localhost:5173';
const LOCATION = '0b6f3c52-8d1e-4c4f-9a57-5e2f0f8f6a11';

/** The real gateway process; the services behind it are absent, since no request here reaches them. */
describe('gateway: a method a known path does not take is 405 problem+json with Allow', () => {
  let gateway: ChildProcess;
  let url: string;
  const output: string[] = [];
  const token = sign({ sub: 'alice', roles: [] }, JWT_SECRET, { algorithm: 'HS256', expiresIn: '5m' });

  beforeAll(async () => {
    const port = await freePort();
    const nowhere = `http://127.0.0.1:${await freePort()}`;
    gateway = spawn(process.execPath, ['-r', './tools/register.js', 'apps/api-gateway/src/main.ts'], {
      cwd: join(__dirname, '..', '..', '..', '..', '..'),
      env: {
        ...process.env,
        PORT: String(port),
        JWT_SECRET,
        INTERNAL_SECRET: 'method-test-internal-secret-long-enough-0123',
        LEDGER_URL: nowhere,
        MEMBERSHIP_URL: nowhere,
        BILLING_URL: nowhere,
        PAYMENTS_URL: nowhere,
        CORS_ORIGINS: ORIGIN,
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    gateway.stdout!.on('data', (chunk) => output.push(String(chunk)));
    gateway.stderr!.on('data', (chunk) => output.push(String(chunk)));
    url = `http://127.0.0.1:${port}`;
    for (let attempt = 0; ; attempt++) {
      if (gateway.exitCode !== null) throw new Error(`gateway exited:\n${output.join('')}`);
      if (await fetch(`${url}/health/live`).then((r) => r.ok, () => false)) break;
      if (attempt > 400) throw new Error(`gateway not live:\n${output.join('')}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  });

  afterAll(async () => {
    if (gateway?.exitCode === null) {
      const exited = once(gateway, 'exit');
      gateway.kill('SIGTERM');
      await exited;
    }
  });

  it('DELETE on a balance (GET only): 405 with Allow: GET, HEAD, as problem+json with instance and correlationId', async () => {
    const path = `/v1/locations/${LOCATION}/users/alice/credits`;
    const response = await fetch(`${url}${path}`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = (await response.json()) as { detail: string; correlationId: unknown };
    expect(problem).toMatchObject({ type: 'https://credits.example/problems/method-not-allowed', title: 'Method not allowed', status: 405, instance: path });
    expect(problem.detail).toMatch(/DELETE is not allowed on this path; allowed: GET, HEAD/);
    expect(typeof problem.correlationId).toBe('string');
  });

  it('Allow lists every method of the path; a path parameter can be any user id', async () => {
    const locations = await fetch(`${url}/v1/locations`, { method: 'PUT' });
    expect(locations.status).toBe(405);
    expect(locations.headers.get('allow')).toBe('POST');
    const member = await fetch(`${url}/v1/locations/${LOCATION}/members/alice`, { method: 'PUT' });
    expect(member.status).toBe(405);
    expect(member.headers.get('allow')).toBe('DELETE, GET, HEAD, PATCH');
    const deductions = await fetch(`${url}/v1/locations/${LOCATION}/users/${encodeURIComponent('auth0|64f1c2')}/credits/deductions`, { method: 'GET' });
    expect(deductions.status).toBe(405);
    expect(deductions.headers.get('allow')).toBe('POST');
  });

  it('carries the CORS headers for an allowed origin, like every refusal', async () => {
    const response = await fetch(`${url}/v1/me`, { method: 'POST', headers: { origin: ORIGIN } });
    expect(response.status).toBe(405);
    expect(response.headers.get('access-control-allow-origin')).toBe(ORIGIN);
  });

  it('leaves the rest as it was: an unknown path is 404, a declared method without a token is 401', async () => {
    const unknown = await fetch(`${url}/v1/nothing-here`, { method: 'DELETE' });
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('allow')).toBeNull();
    expect(((await unknown.json()) as { status: number }).status).toBe(404);
    const unauthenticated = await fetch(`${url}/v1/locations/${LOCATION}/users/alice/credits`);
    expect(unauthenticated.status).toBe(401);
  });
});
