import { createHmac } from 'node:crypto';
import { INTERNAL_TOKEN_TTL_SECONDS, InternalTokens, InvalidInternalToken } from './internal-token';

const SECRET = 'internal-secret-for-unit-tests-0123456789';
const T0 = Date.parse('2026-05-01T12:00:00.000Z');

describe('internal tokens', () => {
  let now = T0;
  const tokens = new InternalTokens(SECRET, () => now);
  beforeEach(() => (now = T0));

  const refusal = (token: string, audience = 'ledger'): string => {
    try {
      tokens.verify(token, audience);
    } catch (error) {
      if (error instanceof InvalidInternalToken) return error.message;
      throw error;
    }
    return 'accepted';
  };

  /** A token with these claims, signed with `secret` (ours unless given): what a forger or a buggy client would make. */
  const forge = (claims: object, secret = SECRET, header = { alg: 'HS256', typ: 'JWT' }): string => {
    const signed = `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
    return `${signed}.${createHmac('sha256', secret).update(signed).digest('base64url')}`;
  };
  const iat = T0 / 1000;

  it('carries any user id and the operator flag to the service it is addressed to', () => {
    for (const sub of ['alice', 'auth0|64f1c2', 'Zoë Łukasiewicz', '山田太郎', 'emoji 🚀 user', 'a\u00a0b']) {
      const token = tokens.sign({ iss: 'api-gateway', aud: 'membership', sub, op: true });
      expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/); // header-safe whatever the user id
      expect(tokens.verify(token, 'membership')).toEqual({ iss: 'api-gateway', aud: 'membership', sub, op: true, iat, exp: iat + INTERNAL_TOKEN_TTL_SECONDS });
    }
    expect(tokens.verify(tokens.sign({ iss: 'booking', aud: 'ledger' }), 'ledger')).toEqual({ iss: 'booking', aud: 'ledger', iat, exp: iat + 60 });
  });

  it('refuses a token for another service, a forged or altered one, and anything that is no token', () => {
    const token = tokens.sign({ iss: 'api-gateway', aud: 'membership', sub: 'alice' });
    expect(refusal(token, 'ledger')).toBe('issued for another service');
    expect(refusal(forge({ iss: 'x', aud: 'ledger', sub: 'alice', iat, exp: iat + 60 }, 'another-secret-of-at-least-32-chars!!'))).toBe('bad signature');
    const [header, , signature] = tokens.sign({ iss: 'api-gateway', aud: 'ledger', sub: 'alice' }).split('.');
    const promoted = Buffer.from(JSON.stringify({ iss: 'api-gateway', aud: 'ledger', sub: 'alice', op: true, iat, exp: iat + 60 })).toString('base64url');
    expect(refusal(`${header}.${promoted}.${signature}`)).toBe('bad signature');
    expect(refusal(forge({ iss: 'x', aud: 'ledger', iat, exp: iat + 60 }, SECRET, { alg: 'none', typ: 'JWT' }))).toBe('not an internal token');
    for (const junk of ['', 'abc', 'a.b', 'a.b.c.d', `${header}..`]) expect(refusal(junk)).not.toBe('accepted');
  });

  it('refuses expired tokens, tokens from the future and tokens that live too long, with 10 s of clock skew', () => {
    const token = tokens.sign({ iss: 'api-gateway', aud: 'ledger', sub: 'alice' });
    now = T0 + 69_000;
    expect(refusal(token)).toBe('accepted');
    now = T0 + 70_000;
    expect(refusal(token)).toBe('expired');
    now = T0;
    expect(refusal(forge({ iss: 'x', aud: 'ledger', iat: iat + 11, exp: iat + 71 }))).toBe('issued in the future');
    expect(refusal(forge({ iss: 'x', aud: 'ledger', iat, exp: iat + 3600 }))).toBe('lifetime too long');
    expect(refusal(forge({ iss: 'x', aud: 'ledger', iat }))).toBe('no lifetime');
  });

  it('refuses claims of the wrong shape even when signed', () => {
    const valid = { iss: 'x', aud: 'ledger', iat, exp: iat + 60 };
    expect(refusal(forge({ ...valid, iss: '' }))).toBe('no issuer');
    expect(refusal(forge({ ...valid, sub: 42 }))).toBe('bad subject');
    expect(refusal(forge({ ...valid, sub: '' }))).toBe('bad subject');
    expect(refusal(forge({ ...valid, op: 'yes' }))).toBe('bad operator flag');
    expect(refusal(forge([1, 2]))).toBe('issued for another service');
  });

  it('reuses a token for a caller, service and user for half its lifetime, then signs a new one', () => {
    const call = { iss: 'api-gateway', aud: 'ledger', sub: 'alice' };
    const first = tokens.sign(call);
    now = T0 + 29_999;
    expect(tokens.sign(call)).toBe(first);
    expect(tokens.sign({ ...call, sub: 'bob' })).not.toBe(first);
    expect(tokens.sign({ ...call, op: true })).not.toBe(first);
    expect(tokens.sign({ ...call, aud: 'membership' })).not.toBe(first);
    now = T0 + 30_000;
    const second = tokens.sign(call);
    expect(second).not.toBe(first);
    expect(JSON.parse(Buffer.from(second.split('.')[1], 'base64url').toString())).toMatchObject({ iat: iat + 30, exp: iat + 90 });
  });

  it('checks a remembered token against the time and the audience on every use', () => {
    const token = tokens.sign({ iss: 'api-gateway', aud: 'ledger', sub: 'carol' });
    expect(refusal(token)).toBe('accepted');
    expect(refusal(token, 'membership')).toBe('issued for another service');
    now = T0 + 70_000;
    expect(refusal(token)).toBe('expired');
    // a token another instance signed with a clock ahead: remembered once accepted, never before
    now = T0;
    const ahead = forge({ iss: 'x', aud: 'ledger', iat: iat + 11, exp: iat + 71 });
    expect(refusal(ahead)).toBe('issued in the future');
    now = T0 + 1_000;
    expect(refusal(ahead)).toBe('accepted');
  });

  it('needs a secret of at least 32 characters', () => {
    expect(() => new InternalTokens('short')).toThrow(/at least 32/);
  });
});
