import { Problems } from '@credits/platform/core';
import type { RequestActor } from '@credits/platform';
import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { decode, verify, type Algorithm } from 'jsonwebtoken';

/** Where RS256 public keys come from: a JWKS document (`{ keys: [...] }`), fetched on demand. */
export type JwksFetcher = () => Promise<{ keys?: unknown }>;

export interface AccessTokenOptions {
  /** HS256 shared secret (development and tests) */
  readonly hs256Secret?: string;
  /** RS256 keys of the identity provider (production) */
  readonly fetchJwks?: JwksFetcher;
  readonly issuer?: string;
  readonly audience?: string;
  /** a JWKS refetch for an unknown `kid` happens at most this often, so forged kids cannot flood the provider */
  readonly jwksCooldownMs?: number;
  readonly now?: () => number;
}

export const fetchJwksFrom =
  (url: string): JwksFetcher =>
  async () => {
    const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
    if (!response.ok) throw new Error(`JWKS ${url} answered ${response.status}`);
    return (await response.json()) as { keys?: unknown };
  };

/**
 * Verifies a bearer token and names the caller: HS256 with the shared secret, RS256 with a key from
 * the JWKS picked by `kid`. The algorithm is chosen by which keys are configured, never trusted from
 * the token alone, so an HS256 token signed with the public key (alg confusion) or `alg: none` fails.
 */
export class AccessTokenVerifier {
  private keys = new Map<string, KeyObject>();
  private lastFetchAt = Number.NEGATIVE_INFINITY;
  private fetching: Promise<void> | null = null;

  constructor(private readonly options: AccessTokenOptions) {
    if (!options.hs256Secret && !options.fetchJwks) throw new Error('configure an HS256 secret, a JWKS, or both');
  }

  async verify(token: string): Promise<RequestActor> {
    const header = decode(token, { complete: true })?.header;
    if (!header) throw Problems.unauthorized('invalid token: not a JWT');
    const key = await this.keyFor(header.alg, header.kid);
    let claims: { sub?: unknown; roles?: unknown };
    try {
      claims = verify(token, key, {
        algorithms: [header.alg as Algorithm],
        issuer: this.options.issuer,
        audience: this.options.audience,
      }) as typeof claims;
    } catch (error) {
      throw Problems.unauthorized(`invalid token: ${(error as Error).message}`);
    }
    if (typeof claims.sub !== 'string' || claims.sub.length === 0) throw Problems.unauthorized('token has no subject (sub)');
    const roles = Array.isArray(claims.roles) ? claims.roles : [];
    return { userId: claims.sub, isOperator: roles.includes('operator') };
  }

  private async keyFor(alg: string, kid: string | undefined): Promise<string | KeyObject> {
    if (alg === 'HS256' && this.options.hs256Secret) return this.options.hs256Secret;
    if (alg === 'RS256' && this.options.fetchJwks) {
      if (!kid) throw Problems.unauthorized('invalid token: RS256 tokens must name their key (kid)');
      if (!this.keys.has(kid)) await this.refreshKeys();
      const key = this.keys.get(kid);
      if (!key) throw Problems.unauthorized(`invalid token: unknown signing key ${kid}`);
      return key;
    }
    throw Problems.unauthorized(`invalid token: algorithm ${alg} is not accepted`);
  }

  /** Key rotation: an unknown kid refetches the JWKS, at most once per cooldown, one fetch at a time. */
  private async refreshKeys(): Promise<void> {
    const now = (this.options.now ?? Date.now)();
    if (this.fetching) return this.fetching;
    if (now - this.lastFetchAt < (this.options.jwksCooldownMs ?? 30_000)) return;
    this.lastFetchAt = now;
    this.fetching = (async () => {
      try {
        const document = await this.options.fetchJwks!();
        this.keys = parseJwks(document.keys);
      } catch (error) {
        throw Problems.unavailable(`cannot load the identity provider's keys: ${(error as Error).message}`);
      } finally {
        this.fetching = null;
      }
    })();
    return this.fetching;
  }
}

function parseJwks(keys: unknown): Map<string, KeyObject> {
  const parsed = new Map<string, KeyObject>();
  for (const jwk of Array.isArray(keys) ? (keys as Array<JsonWebKey & { kid?: string; use?: string }>) : []) {
    if (jwk.kty !== 'RSA' || !jwk.kid || (jwk.use && jwk.use !== 'sig')) continue;
    parsed.set(jwk.kid, createPublicKey({ key: jwk, format: 'jwk' }));
  }
  return parsed;
}
