import { canonicalJson, requestFingerprint } from './request-fingerprint';

describe('canonicalJson', () => {
  it('sorts the keys of every object, nested ones and those in arrays included, and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ y: 2, x: 1 }, 'z'], c: null } })).toBe('{"a":{"c":null,"d":[{"x":1,"y":2},"z"]},"b":1}');
  });

  it('writes what JSON.stringify writes for values and strings, undefined fields and toJSON included', () => {
    const value = { text: 'quote " and \\u2028 \u2028 é', n: -1.5, t: true, gone: undefined, list: [undefined, 1], at: new Date('2026-01-31T23:59:59.000Z') };
    expect(JSON.parse(canonicalJson(value))).toEqual(JSON.parse(JSON.stringify(value)));
    expect(canonicalJson('a"b')).toBe(JSON.stringify('a"b'));
    expect(canonicalJson(undefined)).toBe('null');
  });
});

describe('requestFingerprint', () => {
  const grant = { operation: 'grant', amount: 100, kind: 'permanent', expiresAt: null, reason: 'Welcome' };

  it('is the same for the same meaning whatever the order of the fields', () => {
    const reordered = { reason: 'Welcome', expiresAt: null, kind: 'permanent', amount: 100, operation: 'grant' };
    expect(requestFingerprint('alice', reordered)).toBe(requestFingerprint('alice', grant));
  });

  it('differs for another caller, another value, or a service instead of a person', () => {
    const fingerprint = requestFingerprint('alice', grant);
    expect(requestFingerprint('bob', grant)).not.toBe(fingerprint);
    expect(requestFingerprint(null, grant)).not.toBe(fingerprint);
    expect(requestFingerprint('alice', { ...grant, amount: 101 })).not.toBe(fingerprint);
    expect(requestFingerprint('alice', { ...grant, reason: 'Welcome ' })).not.toBe(fingerprint);
    // A caller id cannot run into the request: "a" + request is not "" + something else.
    expect(requestFingerprint('', grant)).not.toBe(requestFingerprint(null, grant));
  });
});
