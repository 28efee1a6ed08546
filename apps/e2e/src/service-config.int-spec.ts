import { freePort } from '@credits/test-infra';
import { generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sign } from 'jsonwebtoken';
import { INTERNAL_SECRET, spawnApp, stopApp, waitUntilReady } from './support/system-under-test';

const cleared = {
  DATABASE_URL: '',
  KAFKA_BROKERS: '',
  JWT_SECRET: '',
  JWT_JWKS_URL: '',
  PORT: '',
  INTERNAL_SECRET: '',
  MEMBERSHIP_URL: '',
  LEDGER_URL: '',
  PAYMENTS_URL: '',
  STRIPE_SECRET_KEY: '',
  STRIPE_API_BASE: '',
  STRIPE_WEBHOOK_SECRET: '',
};
const paymentsBasics = { DATABASE_URL: 'postgres://127.0.0.1:1/x', KAFKA_BROKERS: '127.0.0.1:1', MEMBERSHIP_URL: 'http://127.0.0.1:1', INTERNAL_SECRET };

/** Each service validates its configuration at boot and fails fast with a message naming it. */
describe('service configuration', () => {
  it.each([
    ['ledger', {}, ['DATABASE_URL is required', 'KAFKA_BROKERS is required', 'INTERNAL_SECRET is required']],
    ['membership', { INTERNAL_SECRET: 'short' }, ['INTERNAL_SECRET must be at least 32 characters']],
    ['membership', { DATABASE_URL: 'mysql://x', KAFKA_BROKERS: 'localhost:9092', PORT: '99999' }, ['DATABASE_URL must be a postgres: or postgresql: URL', 'PORT must be a TCP port']],
    ['api-gateway', { JWT_SECRET: 'short' }, ['JWT_SECRET must be at least 32 characters']],
    ['api-gateway', { INTERNAL_SECRET }, ['JWT_SECRET or JWT_JWKS_URL is required']],
    ['api-gateway', { JWT_SECRET: 'x'.repeat(32) }, ['INTERNAL_SECRET is required']],
    ['payments', {}, ['DATABASE_URL is required', 'MEMBERSHIP_URL is required', 'INTERNAL_SECRET is required']],
    ['payments', { ...paymentsBasics, STRIPE_SECRET_KEY: 'sk_test_1' }, ['STRIPE_WEBHOOK_SECRET is required when STRIPE_SECRET_KEY or STRIPE_API_BASE is set']],
    ['payments', { ...paymentsBasics, STRIPE_API_BASE: 'ftp://stripe-mock' }, ['STRIPE_API_BASE must be a http: or https: URL']],
    ['billing', {}, ['DATABASE_URL is required', 'KAFKA_BROKERS is required', 'INTERNAL_SECRET is required']],
    ['billing', { ...paymentsBasics, PAYMENTS_URL: 'ftp://payments', LEDGER_URL: 'nope' }, ['PAYMENTS_URL must be a http: or https: URL', 'LEDGER_URL Invalid URL']],
  ])('%s refuses to start with bad configuration', async (app, env, messages) => {
    const service = spawnApp(app, { ...cleared, ...env });
    const code = await new Promise<number | null>((resolve) => service.child.once('exit', resolve));
    expect(code).toBe(1);
    const output = service.output.join('');
    for (const message of messages) expect(output).toContain(message);
  });

  it('api-gateway verifies RS256 tokens with the keys of the JWKS_URL (production auth)', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const jwks = { keys: [{ ...publicKey.export({ format: 'jwk' }), kid: 'k1', use: 'sig' }] };
    const provider = createServer((_, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(jwks)));
    await new Promise<void>((resolve) => provider.listen(0, '127.0.0.1', resolve));
    const port = await freePort();
    const gateway = spawnApp('api-gateway', {
      ...cleared,
      PORT: String(port),
      INTERNAL_SECRET,
      JWT_JWKS_URL: `http://127.0.0.1:${(provider.address() as AddressInfo).port}/.well-known/jwks.json`,
      JWT_ISSUER: 'https://id.example',
      // nothing listens there: an authenticated request gets as far as forwarding, and fails there
      MEMBERSHIP_URL: `http://127.0.0.1:${await freePort()}`,
    });
    try {
      await waitUntilReady(`http://127.0.0.1:${port}`, [gateway], 60000, '/health/live'); // never ready: its services are absent
      const call = (token: string) => fetch(`http://127.0.0.1:${port}/v1/locations/loc-1`, { headers: { authorization: `Bearer ${token}` } });
      const signed = sign({ sub: 'alice' }, privateKey, { algorithm: 'RS256', keyid: 'k1', issuer: 'https://id.example', expiresIn: '5m' });
      const forged = sign({ sub: 'alice' }, 'a-secret-an-attacker-guessed-0123456789', { algorithm: 'HS256', issuer: 'https://id.example' });
      const wrongIssuer = sign({ sub: 'alice' }, privateKey, { algorithm: 'RS256', keyid: 'k1', issuer: 'https://evil.example' });

      const accepted = await call(signed);
      expect(accepted.status).not.toBe(401); // authenticated, then refused only because membership is down
      expect(accepted.status).toBeGreaterThanOrEqual(500);
      for (const token of [forged, wrongIssuer]) {
        const refused = await call(token);
        expect(refused.status).toBe(401);
        expect(refused.headers.get('content-type')).toContain('application/problem+json');
      }
    } finally {
      await stopApp(gateway);
      provider.close();
    }
  });
});
