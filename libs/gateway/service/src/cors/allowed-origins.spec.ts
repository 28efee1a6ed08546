import { loadConfig, optional } from '@credits/platform/core';
import { AllowedOrigins, LOCAL_DEV_ORIGINS, corsOriginsVar } from './allowed-origins';

describe('AllowedOrigins (CORS_ORIGINS)', () => {
  it('allows exactly the listed origins, as browsers write them', () => {
    const origins = AllowedOrigins.parse(' https://app.example.com , HTTPS://Admin.Example.com:443,http://localhost:5173');
    expect(origins.allows('https://app.example.com')).toBe(true);
    expect(origins.allows('https://admin.example.com')).toBe(true); // lower-cased, default port dropped
    expect(origins.allows('http://localhost:5173')).toBe(true);
    for (const other of ['http://app.example.com', 'https://app.example.com:8443', 'https://evil.app.example.com', 'https://app.example.com.evil.io', 'http://localhost:5174', 'null']) {
      expect([other, origins.allows(other)]).toEqual([other, false]);
    }
  });

  it('allows any port of a host with :*, and any origin with *', () => {
    const local = AllowedOrigins.parse(LOCAL_DEV_ORIGINS);
    for (const origin of ['http://localhost:3000', 'http://localhost:5173', 'http://localhost', 'http://127.0.0.1:8080']) expect(local.allows(origin)).toBe(true);
    for (const origin of ['https://localhost:5173', 'http://localhost.evil.io:5173', 'http://127.0.0.2:8080', 'http://localhost:5173/x']) expect(local.allows(origin)).toBe(false);
    expect(AllowedOrigins.parse('http://[::1]:*').allows('http://[::1]:4200')).toBe(true);
    expect(AllowedOrigins.parse('*').allows('https://anything.example')).toBe(true);
    expect(AllowedOrigins.none.allows('http://localhost:3000')).toBe(false);
  });

  it('reads its own toString back as the same list (how it reaches the gateway thread of embedded mode)', () => {
    const origins = AllowedOrigins.parse('HTTPS://Admin.Example.com:443,http://localhost:*,*');
    expect(origins.toString()).toBe('*,https://admin.example.com,http://localhost:*');
    expect(AllowedOrigins.parse(origins.toString())).toEqual(origins);
    expect(AllowedOrigins.parse(LOCAL_DEV_ORIGINS).toString()).toBe(LOCAL_DEV_ORIGINS);
    expect(AllowedOrigins.none.toString()).toBe('');
  });

  it('refuses at boot what is not an origin, naming every bad entry', () => {
    const load = (value: string) => () => loadConfig({ CORS_ORIGINS: optional(corsOriginsVar()) }, { CORS_ORIGINS: value });
    expect(load('localhost:3000,https://ok.example,https://app.example.com/,ftp://files.example,http://x:80:*,https://a.example/path')).toThrow(
      /CORS_ORIGINS has "localhost:3000", "https:\/\/app.example.com\/", "ftp:\/\/files.example", "http:\/\/x:80:\*", "https:\/\/a.example\/path", not an origin/,
    );
    expect(load(' , ')).toThrow(/CORS_ORIGINS must list at least one origin/);
    expect(loadConfig({ CORS_ORIGINS: optional(corsOriginsVar()) }, {}).CORS_ORIGINS).toBeUndefined();
  });
});
