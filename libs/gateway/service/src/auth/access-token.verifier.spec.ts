import { ProblemException } from '@credits/platform/core';
import { createHmac, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { sign } from 'jsonwebtoken';
import { AccessTokenVerifier, type JwksFetcher } from './access-token.verifier';

const SECRET = 'a-test-secret-that-is-at-least-32-chars';

function rsaKey(kid: string) {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { kid, privateKey, jwk: { ...publicKey.export({ format: 'jwk' }), kid, use: 'sig', alg: 'RS256' } };
}

const rs256 = (key: { kid: string; privateKey: KeyObject }, claims: object = { sub: 'alice' }, options: object = {}) =>
  sign(claims, key.privateKey, { algorithm: 'RS256', keyid: key.kid, expiresIn: '5m', ...options });
const hs256 = (claims: object, options: object = {}, secret = SECRET) => sign(claims, secret, { algorithm: 'HS256', expiresIn: '5m', ...options });

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
    await expect(verifier.verify(hs256({ sub: 'op', roles: ['operator'] }))).resolves.toEqual({ userId: 'op', isOperator: true });
    expect((await refusal(verifier, hs256({ sub: 'op' }, {}, 'another-secret-that-is-long-enough-123'))).status).toBe(401);
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
    expect((await refusal(rsOnly, hs256({ sub: 'mallory' }))).detail).toMatch(/HS256 is not accepted/);
    expect((await refusal(hsOnly, rs256(first))).detail).toMatch(/RS256 is not accepted/);
  });

  it('refuses expired tokens and wrong issuer or audience', async () => {
    const verifier = new AccessTokenVerifier({ fetchJwks: identityProvider(first).fetch, issuer: 'https://id.example', audience: 'credits' });
    const valid = { issuer: 'https://id.example', audience: 'credits' };
    await expect(verifier.verify(rs256(first, { sub: 'alice' }, valid))).resolves.toMatchObject({ userId: 'alice' });
    expect((await refusal(verifier, rs256(first, { sub: 'alice' }, { ...valid, expiresIn: -120 }))).detail).toMatch(/jwt expired/);
    expect((await refusal(verifier, rs256(first, { sub: 'alice' }, { ...valid, issuer: 'https://evil.example' }))).detail).toMatch(/issuer invalid/);
    expect((await refusal(verifier, rs256(first, { sub: 'alice' }, { ...valid, audience: 'other' }))).detail).toMatch(/audience invalid/);
  });

  it('follows key rotation: an unknown kid refetches the JWKS, at most once per cooldown', async () => {
    const start = Date.now();
    let now = start;
    const provider = identityProvider(first);
    const verifier = new AccessTokenVerifier({ fetchJwks: provider.fetch, jwksCooldownMs: 30_000, now: () => now });
    await verifier.verify(rs256(first));
    await verifier.verify(rs256(first));
    expect(provider.fetches).toBe(1);

    const second = rsaKey('key-2');
    provider.keys = [first, second];
    now = start + 1_000; // within the cooldown: a forged or brand-new kid does not hit the provider again
    expect((await refusal(verifier, rs256(second))).detail).toMatch(/unknown signing key key-2/);
    expect(provider.fetches).toBe(1);

    now = start + 31_000;
    await expect(verifier.verify(rs256(second, { sub: 'bob' }))).resolves.toMatchObject({ userId: 'bob' });
    expect(provider.fetches).toBe(2);
  });

  it('checks a token once and answers it from memory for at most 60 s', async () => {
    const start = Date.now();
    let now = start;
    const verifier = new AccessTokenVerifier({ hs256Secret: SECRET, now: () => now });
    const checks = jest.spyOn(verifier as unknown as { verifyAfresh(token: string): Promise<unknown> }, 'verifyAfresh');
    const token = hs256({ sub: 'alice' }, { expiresIn: '1h' });
    for (const at of [0, 1_000, 59_000]) {
      now = start + at;
      await expect(verifier.verify(token)).resolves.toEqual({ userId: 'alice', isOperator: false });
    }
    expect(checks).toHaveBeenCalledTimes(1);
    now = start + 61_000;
    await expect(verifier.verify(token)).resolves.toEqual({ userId: 'alice', isOperator: false });
    expect(checks).toHaveBeenCalledTimes(2);
    // Refusals are never remembered; another token is checked on its own.
    const forged = hs256({ sub: 'alice' }, {}, 'another-secret-that-is-at-least-32-chars');
    expect((await refusal(verifier, forged)).status).toBe(401);
    expect((await refusal(verifier, forged)).status).toBe(401);
    expect(checks).toHaveBeenCalledTimes(4);
  });

  it('never answers a remembered token after its exp (and the 60 s of skew)', async () => {
    const start = Math.floor(Date.now() / 1000) * 1000;
    let now = start;
    const verifier = new AccessTokenVerifier({ hs256Secret: SECRET, now: () => now });
    const token = sign({ sub: 'bob', iat: start / 1000, exp: start / 1000 + 10 }, SECRET, { algorithm: 'HS256' });
    await expect(verifier.verify(token)).resolves.toEqual({ userId: 'bob', isOperator: false });
    now = start + 69_000;
    await expect(verifier.verify(token)).resolves.toEqual({ userId: 'bob', isOperator: false });
    now = start + 71_000;
    expect((await refusal(verifier, token)).detail).toMatch(/jwt expired/);
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
    expect((await refusal(verifier, hs256({ roles: ['operator'] }))).detail).toMatch(/no subject/);
    expect((await refusal(verifier, 'not-a-token')).detail).toMatch(/not a JWT/);
  });

  describe('lifetime: exp required, capped, nbf and iat honored with 60 s of clock skew', () => {
    const NOW = 1_800_000_000; // seconds
    const verifier = new AccessTokenVerifier({ hs256Secret: SECRET, now: () => NOW * 1000 });
    // Signed by hand: jsonwebtoken's sign would add or drop iat and refuse ill-typed claims.
    const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const at = (claims: object) => {
      const unsigned = `${base64url({ alg: 'HS256', typ: 'JWT' })}.${base64url({ sub: 'alice', ...claims })}`;
      return `${unsigned}.${createHmac('sha256', SECRET).update(unsigned).digest('base64url')}`;
    };

    it.each([
      ['a token that expires within 24 h of its issue', { iat: NOW, exp: NOW + 24 * 3600 }],
      ['a token without iat that expires within 24 h', { exp: NOW + 3600 }],
      ['a token expired less than 60 s ago (skew)', { iat: NOW - 3600, exp: NOW - 59 }],
      ['a token issued up to 60 s in the future (skew)', { iat: NOW + 60, exp: NOW + 3600 }],
      ['a token valid from up to 60 s in the future (nbf, skew)', { iat: NOW, nbf: NOW + 60, exp: NOW + 3600 }],
    ])('accepts %s', async (_, claims) => {
      await expect(verifier.verify(at(claims))).resolves.toEqual({ userId: 'alice', isOperator: false });
    });

    it.each([
      ['no exp', { iat: NOW }, /it must expire \(exp\)/],
      ['a 100-year exp', { iat: NOW, exp: NOW + 100 * 365 * 24 * 3600 }, /lifetime exceeds the maximum of 86400 s/],
      ['a lifetime one second over 24 h', { iat: NOW, exp: NOW + 24 * 3600 + 1 }, /lifetime exceeds/],
      ['no iat and more than 24 h left', { exp: NOW + 24 * 3600 + 1 }, /lifetime exceeds/],
      ['an exp more than 60 s ago', { iat: NOW - 3600, exp: NOW - 61 }, /jwt expired/],
      ['an iat more than 60 s in the future', { iat: NOW + 61, exp: NOW + 3600 }, /issued in the future \(iat\)/],
      ['an nbf more than 60 s in the future', { iat: NOW, nbf: NOW + 61, exp: NOW + 3600 }, /jwt not active/],
      ['an iat that is not a number', { iat: 'yesterday', exp: NOW + 3600 }, /iat must be a number/],
      ['an exp that is not a number', { exp: 'tomorrow' }, /invalid exp value/],
    ])('refuses %s (401)', async (_, claims, reason) => {
      const problem = await refusal(verifier, at(claims));
      expect(problem.status).toBe(401);
      expect(problem.detail).toMatch(reason);
    });

    it('caps the lifetime at maxTtlSeconds (JWT_MAX_TTL)', async () => {
      const strict = new AccessTokenVerifier({ hs256Secret: SECRET, maxTtlSeconds: 600, now: () => NOW * 1000 });
      await expect(strict.verify(at({ iat: NOW, exp: NOW + 600 }))).resolves.toMatchObject({ userId: 'alice' });
      expect((await refusal(strict, at({ iat: NOW, exp: NOW + 601 }))).detail).toMatch(/maximum of 600 s/);
    });
  });

  describe('subjects are user ids as the API accepts them, taken as they are', () => {
    const verifier = new AccessTokenVerifier({ hs256Secret: SECRET });

    it.each(['auth0|64f1c2', 'us-east-1:6b1d2c3e', 'jane@example.com', '0b6f4c1e-2f7a-4c55-9d8e-0f1a2b3c4d5e', '山田太郎', 'Jo Doe'])('accepts %j', async (sub) => {
      await expect(verifier.verify(hs256({ sub }))).resolves.toEqual({ userId: sub, isOperator: false });
    });

    it.each([
      ['CR LF', 'alice\r\nx-actor-roles: operator', /control characters/],
      ['NUL', 'ali\u0000ce', /NUL/],
      ['a lone surrogate', 'ali\ud800ce', /surrogates/],
      ['a leading space', ' alice', /whitespace/],
      ['a trailing tab', 'alice\t', /control characters/],
      ['a trailing no-break space', 'alice\u00a0', /whitespace/],
      ['256 characters', 'a'.repeat(256), /1-255 characters/],
    ])('refuses a subject with %s (401)', async (_, sub, reason) => {
      const problem = await refusal(verifier, hs256({ sub }));
      expect(problem.status).toBe(401);
      expect(problem.detail).toMatch(reason);
    });

    it('refuses a subject that is not a string', async () => {
      expect((await refusal(verifier, hs256({ sub: 42 }))).detail).toMatch(/no subject/);
    });
  });

  it('keeps the cause of an unreachable identity provider out of the answer', async () => {
    const verifier = new AccessTokenVerifier({
      fetchJwks: async () => {
        throw new Error('connect ECONNREFUSED 10.0.0.7:443');
      },
    });
    const problem = await refusal(verifier, rs256(first));
    expect(problem.status).toBe(503);
    expect(JSON.stringify(problem.toProblem())).not.toMatch(/10\.0\.0\.7|ECONNREFUSED/);
    expect((problem.cause as Error).message).toMatch(/ECONNREFUSED/);
  });
});
