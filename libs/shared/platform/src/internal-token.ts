import { createHmac, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';
import { secret, type ConfigVar } from './config';

/**
 * Who an internal call acts for, signed by the caller with the shared INTERNAL_SECRET: a user the
 * gateway forwards (`sub`, `op`), or, without `sub`, the calling service itself (`iss`).
 */
export interface InternalClaims {
  /** the calling service */
  readonly iss: string;
  /** the service called: a token for one service is refused by the others */
  readonly aud: string;
  /** the user the call acts for (any string: it travels inside the token, never as a raw header) */
  readonly sub?: string;
  /** the user is a platform operator */
  readonly op?: boolean;
  readonly iat: number;
  readonly exp: number;
}

/** The services' names in internal tokens (issuer, audience). */
export const ServiceNames = { gateway: 'api-gateway', ledger: 'ledger', membership: 'membership', billing: 'billing', payments: 'payments', booking: 'booking' } as const;

export type InternalCall = Pick<InternalClaims, 'iss' | 'aud' | 'sub' | 'op'>;

const MIN_SECRET_LENGTH = 32;

/** INTERNAL_SECRET, the same in every service (gateway, ledger, membership, and services calling the ledger). */
export const internalSecretVar: ConfigVar<string> = secret('shared secret that signs calls between services (the same in every service)', MIN_SECRET_LENGTH);

export class InvalidInternalToken extends Error {}

/** Seconds a token is valid: one call, with room for a slow network and clock skew. */
export const INTERNAL_TOKEN_TTL_SECONDS = 60;
const CLOCK_SKEW_SECONDS = 10;
// The only header we sign and accept: no algorithm choice for a caller to exploit.
const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
// A signed token is reused for this long (half its lifetime: a call made with it has 30 s left).
const REUSE_SECONDS = INTERNAL_TOKEN_TTL_SECONDS / 2;
// Bounds of the two memories below; when full they start again empty.
const MAX_REMEMBERED = 10_000;

/**
 * Short-lived HS256 tokens (compact JWT) between services. The key is made once. A token names the
 * caller and the user, not the request (that goes in x-request-id), so the same token serves a
 * user's calls to a service for half its lifetime, and a service checks its signature once: the
 * HMACs of signing and verifying were ~7% of a thread's work on the hottest path.
 */
export class InternalTokens {
  private readonly key: KeyObject;
  private readonly signed = new Map<string, { readonly token: string; readonly iat: number }>();
  /** tokens whose signature and claims were verified, with those claims (times are checked on every use) */
  private readonly verified = new Map<string, InternalClaims>();

  constructor(secret: string, private readonly now: () => number = Date.now) {
    if (secret.length < MIN_SECRET_LENGTH) throw new Error(`the internal secret must be at least ${MIN_SECRET_LENGTH} characters`);
    this.key = createSecretKey(Buffer.from(secret, 'utf8'));
  }

  sign(call: InternalCall): string {
    const now = Math.floor(this.now() / 1000);
    // Control characters cannot be in a user id, so the key is unambiguous.
    const key = `${call.iss}\n${call.aud}\n${call.sub ?? ''}\n${call.op ?? ''}`;
    const reused = this.signed.get(key);
    if (reused && now >= reused.iat && now < reused.iat + REUSE_SECONDS) return reused.token;
    const claims: InternalClaims = { ...call, iat: now, exp: now + INTERNAL_TOKEN_TTL_SECONDS };
    const signed = `${HEADER}.${Buffer.from(JSON.stringify(claims), 'utf8').toString('base64url')}`;
    const token = `${signed}.${this.mac(signed).toString('base64url')}`;
    remember(this.signed, key, { token, iat: now });
    return token;
  }

  /** The claims of a token signed with our secret for `audience` and valid now; throws InvalidInternalToken otherwise. */
  verify(token: string, audience: string): InternalClaims {
    const known = this.verified.get(token);
    const claims = known ?? this.verifySignatureAndShape(token);
    if (claims.aud !== audience) throw new InvalidInternalToken(`issued for another service`);
    const { iat, exp } = claims;
    const now = this.now() / 1000;
    if (exp <= now - CLOCK_SKEW_SECONDS) throw new InvalidInternalToken('expired');
    if (iat > now + CLOCK_SKEW_SECONDS) throw new InvalidInternalToken('issued in the future');
    if (!known) remember(this.verified, token, claims);
    return claims;
  }

  /** The claims of a token signed with our secret, of the right shape and lifetime (not yet checked against now or an audience). */
  private verifySignatureAndShape(token: string): InternalClaims {
    const parts = token.split('.');
    if (parts.length !== 3 || parts[0] !== HEADER) throw new InvalidInternalToken('not an internal token');
    const given = Buffer.from(parts[2], 'base64url');
    const expected = this.mac(`${parts[0]}.${parts[1]}`);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new InvalidInternalToken('bad signature');
    let claims: Partial<InternalClaims>;
    try {
      claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as Partial<InternalClaims>;
    } catch {
      throw new InvalidInternalToken('unreadable claims');
    }
    if (typeof claims !== 'object' || claims === null) throw new InvalidInternalToken('unreadable claims');
    if (typeof claims.aud !== 'string') throw new InvalidInternalToken(`issued for another service`);
    if (typeof claims.iss !== 'string' || claims.iss === '') throw new InvalidInternalToken('no issuer');
    if (claims.sub !== undefined && (typeof claims.sub !== 'string' || claims.sub === '')) throw new InvalidInternalToken('bad subject');
    if (claims.op !== undefined && typeof claims.op !== 'boolean') throw new InvalidInternalToken('bad operator flag');
    const { iat, exp } = claims;
    if (!Number.isInteger(iat) || !Number.isInteger(exp)) throw new InvalidInternalToken('no lifetime');
    if (exp! - iat! > INTERNAL_TOKEN_TTL_SECONDS) throw new InvalidInternalToken('lifetime too long');
    return claims as InternalClaims;
  }

  private mac(signed: string): Buffer {
    return createHmac('sha256', this.key).update(signed).digest();
  }
}

function remember<V>(memory: Map<string, V>, key: string, value: V): void {
  if (memory.size >= MAX_REMEMBERED) memory.clear();
  memory.set(key, value);
}
