import { ProblemException } from '@credits/platform/core';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { sign } from 'jsonwebtoken';
import { AccessTokenVerifier, type JwksFetcher } from './access-token.verifier';

const SECRET = 'a-test-secret-that-is-at-least-32-chars';

function rsaKey(kid: string) {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { kid, privateKey, jwk: { ...publicKey.export({ format: 'jwk' }), kid, use: 'sig', alg: 'RS256' } };
}

const rs256 = (key: { kid: string; privateKey: KeyObject }, claims: object = { sub: 'alice' }, options: object = {}) =>
  sign(claims, key.privateKey, { algorithm: 'RS256', keyid: key.kid, expiresIn: '5m', ...options });

/** A JWKS endpoint whose keys the test rotates, counting fetches. */
function identityProvider(...keys: Array<ReturnType<typeof rsaKey>>) {
  const provider = { keys, fetches: 0, fetch: (async () => {
    provider.fetches += 1;
    return { keys: provider.keys.map((key) => key.jwk) };
  }) as JwksFetcher };
  return provider;
}

async function refusal(verifier: AccessTokenVerifier, token: string): Promise<ProblemException> {
  const error = await verifier.verify(token).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof ProblemException)) throw new Error(`expected a problem, got ${String(error)}`);
  return error;
}

describe('AccessTokenVerifier', () => {
  const first = rsaKey('key-1');

  it('accepts HS256 tokens signed with the shared secret and reads sub and roles', async () => {
    const verifier = new AccessTokenVerifier({ hs256Secret: SECRET });
    await expect(verifier.verify(sign({ sub: 'op', roles: ['operator'] }, SECRET, { algorithm: 'HS256' }))).resolves.toEqual({ userId: 'op', isOperator: true });
    expect((await refusal(verifier, sign({ sub: 'op' }, 'another-secret-that-is-long-enough-123', { algorithm: 'HS256' }))).status).toBe(401);
  });

  it('accepts RS256 tokens signed by a key of the JWKS, named by kid', async () => {
    const verifier = new AccessTokenVerifier({ fetchJwks: identityProvider(first).fetch });
    await expect(verifier.verify(rs256(first, { sub: 'alice', roles: [] }))).resolves.toEqual({ userId: 'alice', isOperator: false });
  });

  it('refuses a token signed by a key that is not in the JWKS, even under a known kid', async () => {
    const verifier = new AccessTokenVerifier({ fetchJwks: identityProvider(first).fetch });
    const impostor = { ...rsaKey('key-1') };
    expect((await refusal(verifier, rs256(impostor))).detail).toMatch(/invalid signature/);
  });

  it('refuses algorithms that are not configured: none, HS256 without a secret, RS256 without a JWKS', async () => {
    const rsOnly = new AccessTokenVerifier({ fetchJwks: identityProvider(first).fetch });
    const hsOnly = new AccessTokenVerifier({ hs256Secret: SECRET });
    const unsigned = sign({ sub: 'mallory' }, '', { algorithm: 'none' });
    expect((await refusal(rsOnly, unsigned)).detail).toMatch(/algorithm none is not accepted/);
    expect((await refusal(rsOnly, sign({ sub: 'mallory' }, SECRET, { algorithm: 'HS256' }))).detail).toMatch(/HS256 is not accepted/);
    expect((await refusal(hsOnly, rs256(first))).detail).toMatch(/RS256 is not accepted/);
  });

  it('refuses expired tokens and wrong issuer or audience', async () => {
    const verifier = new AccessTokenVerifier({ fetchJwks: identityProvider(first).fetch, issuer: 'https://id.example', audience: 'credits' });
    const valid = { issuer: 'https://id.example', audience: 'credits' };
    await expect(verifier.verify(rs256(first, { sub: 'alice' }, valid))).resolves.toMatchObject({ userId: 'alice' });
    expect((await refusal(verifier, rs256(first, { sub: 'alice' }, { ...valid, expiresIn: -10 }))).detail).toMatch(/jwt expired/);
    expect((await refusal(verifier, rs256(first, { sub: 'alice' }, { ...valid, issuer: 'https://evil.example' }))).detail).toMatch(/issuer invalid/);
    expect((await refusal(verifier, rs256(first, { sub: 'alice' }, { ...valid, audience: 'other' }))).detail).toMatch(/audience invalid/);
  });

  it('follows key rotation: an unknown kid refetches the JWKS, at most once per cooldown', async () => {
    let now = 0;
    const provider = identityProvider(first);
    const verifier = new AccessTokenVerifier({ fetchJwks: provider.fetch, jwksCooldownMs: 30_000, now: () => now });
    await verifier.verify(rs256(first));
    await verifier.verify(rs256(first));
    expect(provider.fetches).toBe(1);

    const second = rsaKey('key-2');
    provider.keys = [first, second];
    now = 1_000; // within the cooldown: a forged or brand-new kid does not hit the provider again
    expect((await refusal(verifier, rs256(second))).detail).toMatch(/unknown signing key key-2/);
    expect(provider.fetches).toBe(1);

    now = 31_000;
    await expect(verifier.verify(rs256(second, { sub: 'bob' }))).resolves.toMatchObject({ userId: 'bob' });
    expect(provider.fetches).toBe(2);
  });

  it('answers 503 when the identity provider cannot be reached, and recovers', async () => {
    let up = false;
    const verifier = new AccessTokenVerifier({
      fetchJwks: async () => {
        if (!up) throw new Error('connect ECONNREFUSED');
        return { keys: [first.jwk] };
      },
      jwksCooldownMs: 0,
    });
    expect((await refusal(verifier, rs256(first))).status).toBe(503);
    up = true;
    await expect(verifier.verify(rs256(first))).resolves.toMatchObject({ userId: 'alice' });
  });

  it('refuses tokens without a subject and input that is not a JWT', async () => {
    const verifier = new AccessTokenVerifier({ hs256Secret: SECRET });
    expect((await refusal(verifier, sign({ roles: ['operator'] }, SECRET, { algorithm: 'HS256' }))).detail).toMatch(/no subject/);
    expect((await refusal(verifier, 'not-a-token')).detail).toMatch(/not a JWT/);
  });
});
