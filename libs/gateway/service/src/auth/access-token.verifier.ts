import { userIdProblem } from '@credits/contracts';
import { Problems } from '@credits/platform/core';
import type { RequestActor } from '@credits/platform';
import { createPublicKey, createSecretKey, type JsonWebKey, type KeyObject } from 'node:crypto';
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
  /** the longest lifetime accepted (`exp` - `iat`, or `exp` - now without `iat`), in seconds (JWT_MAX_TTL); default 24 h */
  readonly maxTtlSeconds?: number;
  /** milliseconds since the epoch */
  readonly now?: () => number;
}

export const DEFAULT_JWT_MAX_TTL_SECONDS = 24 * 60 * 60;
/** Clocks of the identity provider and the gateway may differ this much (`exp`, `nbf`, `iat`). */
const CLOCK_SKEW_SECONDS = 60;
/** How long a verified token is answered from memory at most: a key the identity provider withdraws stops working within it. */
const VERIFIED_TOKEN_MS = 60_000;
const MAX_VERIFIED_TOKENS = 10_000;

interface Claims {
  sub?: unknown;
  roles?: unknown;
  exp?: unknown;
  iat?: unknown;
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
 * Tokens must expire (`exp`) within the maximum lifetime; `nbf` and `iat` are honored with a 60 s
 * skew. The subject must be a user id as the API accepts it (no control characters, no surrounding
 * whitespace), as it is, so a token never acts as another, trimmed, user.
 */
export class AccessTokenVerifier {
  private keys = new Map<string, KeyObject>();
  private lastFetchAt = Number.NEGATIVE_INFINITY;
  private fetching: Promise<void> | null = null;
  // A KeyObject made once: given a string, jsonwebtoken tries to parse it as a public key on every call.
  private readonly hs256Key: KeyObject | undefined;
  private readonly maxTtlSeconds: number;
  private readonly now: () => number;
  // A client sends the same token with every request until it expires; its signature and claims are
  // checked once (a tenth of the gateway's CPU per request). Only time changes the outcome: an entry
  // lasts until the token's exp (with the skew) and at most VERIFIED_TOKEN_MS.
  private readonly verified = new Map<string, { readonly actor: RequestActor; readonly untilMs: number }>();

  constructor(private readonly options: AccessTokenOptions) {
    if (!options.hs256Secret && !options.fetchJwks) throw new Error('configure an HS256 secret, a JWKS, or both');
    this.hs256Key = options.hs256Secret ? createSecretKey(Buffer.from(options.hs256Secret, 'utf8')) : undefined;
    this.maxTtlSeconds = options.maxTtlSeconds ?? DEFAULT_JWT_MAX_TTL_SECONDS;
    this.now = options.now ?? Date.now;
  }

  async verify(token: string): Promise<RequestActor> {
    const nowMs = this.now();
    const known = this.verified.get(token);
    if (known && nowMs < known.untilMs) return known.actor;
    this.verified.delete(token);
    const { actor, exp } = await this.verifyAfresh(token);
    if (this.verified.size >= MAX_VERIFIED_TOKENS) this.verified.delete(this.verified.keys().next().value!); // the oldest
    this.verified.set(token, { actor, untilMs: Math.min((exp + CLOCK_SKEW_SECONDS) * 1000, nowMs + VERIFIED_TOKEN_MS) });
    return actor;
  }

  private async verifyAfresh(token: string): Promise<{ actor: RequestActor; exp: number }> {
    const header = decode(token, { complete: true })?.header;
    if (!header) throw Problems.unauthorized('invalid token: not a JWT');
    const key = await this.keyFor(header.alg, header.kid);
    const now = Math.floor(this.now() / 1000);
    let claims: Claims;
    try {
      claims = verify(token, key, {
        algorithms: [header.alg as Algorithm],
        issuer: this.options.issuer,
        audience: this.options.audience,
        clockTolerance: CLOCK_SKEW_SECONDS,
        clockTimestamp: now,
      }) as Claims;
    } catch (error) {
      throw Problems.unauthorized(`invalid token: ${(error as Error).message}`);
    }
    this.checkLifetime(claims, now);
    if (typeof claims.sub !== 'string' || claims.sub.length === 0) throw Problems.unauthorized('token has no subject (sub)');
    const problem = userIdProblem(claims.sub);
    if (problem) throw Problems.unauthorized(`invalid token: the subject (sub) ${problem}`);
    const roles = Array.isArray(claims.roles) ? claims.roles : [];
    return { actor: { userId: claims.sub, isOperator: roles.includes('operator') }, exp: claims.exp as number };
  }

  /** `exp` and `nbf` are checked by jsonwebtoken (with the skew); what it leaves open is checked here. */
  private checkLifetime({ exp, iat }: Claims, now: number): void {
    if (typeof exp !== 'number') throw Problems.unauthorized('invalid token: it must expire (exp)');
    if (iat !== undefined && (typeof iat !== 'number' || !Number.isFinite(iat))) throw Problems.unauthorized('invalid token: iat must be a number');
    if (iat !== undefined && iat > now + CLOCK_SKEW_SECONDS) throw Problems.unauthorized('invalid token: issued in the future (iat)');
    if (exp - (iat ?? now) > this.maxTtlSeconds) {
      throw Problems.unauthorized(`invalid token: its lifetime exceeds the maximum of ${this.maxTtlSeconds} s (exp - iat)`);
    }
  }

  private async keyFor(alg: string, kid: string | undefined): Promise<KeyObject> {
    if (alg === 'HS256' && this.hs256Key) return this.hs256Key;
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
    const now = this.now();
    if (this.fetching) return this.fetching;
    if (now - this.lastFetchAt < (this.options.jwksCooldownMs ?? 30_000)) return;
    this.lastFetchAt = now;
    this.fetching = (async () => {
      try {
        const document = await this.options.fetchJwks!();
        this.keys = parseJwks(document.keys);
      } catch (error) {
        throw Problems.unavailable("cannot load the identity provider's keys", error);
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
