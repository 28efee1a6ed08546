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
  /** id of the request that made the call, the causation id of what the call changes */
  readonly rid?: string;
  readonly iat: number;
  readonly exp: number;
}

/** The services' names in internal tokens (issuer, audience). */
export const ServiceNames = { gateway: 'api-gateway', ledger: 'ledger', membership: 'membership', billing: 'billing', payments: 'payments', booking: 'booking' } as const;

export type InternalCall = Pick<InternalClaims, 'iss' | 'aud' | 'sub' | 'op' | 'rid'>;

const MIN_SECRET_LENGTH = 32;

/** INTERNAL_SECRET, the same in every service (gateway, ledger, membership, and services calling the ledger). */
export const internalSecretVar: ConfigVar<string> = secret('shared secret that signs calls between services (the same in every service)', MIN_SECRET_LENGTH);

export class InvalidInternalToken extends Error {}

/** Seconds a token is valid: one call, with room for a slow network and clock skew. */
export const INTERNAL_TOKEN_TTL_SECONDS = 60;
const CLOCK_SKEW_SECONDS = 10;
// The only header we sign and accept: no algorithm choice for a caller to exploit.
const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Short-lived HS256 tokens (compact JWT) between services. The key is made once; signing and
 * verifying are one HMAC each, so every internal call can carry a fresh token.
 */
export class InternalTokens {
  private readonly key: KeyObject;

  constructor(secret: string, private readonly now: () => number = Date.now) {
    if (secret.length < MIN_SECRET_LENGTH) throw new Error(`the internal secret must be at least ${MIN_SECRET_LENGTH} characters`);
    this.key = createSecretKey(Buffer.from(secret, 'utf8'));
  }

  sign(call: InternalCall): string {
    const iat = Math.floor(this.now() / 1000);
    const claims: InternalClaims = { ...call, iat, exp: iat + INTERNAL_TOKEN_TTL_SECONDS };
    const signed = `${HEADER}.${Buffer.from(JSON.stringify(claims), 'utf8').toString('base64url')}`;
    return `${signed}.${this.mac(signed).toString('base64url')}`;
  }

  /** The claims of a token signed with our secret for `audience` and valid now; throws InvalidInternalToken otherwise. */
  verify(token: string, audience: string): InternalClaims {
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
    if (claims.aud !== audience) throw new InvalidInternalToken(`issued for another service`);
    if (typeof claims.iss !== 'string' || claims.iss === '') throw new InvalidInternalToken('no issuer');
    if (claims.sub !== undefined && (typeof claims.sub !== 'string' || claims.sub === '')) throw new InvalidInternalToken('bad subject');
    if (claims.op !== undefined && typeof claims.op !== 'boolean') throw new InvalidInternalToken('bad operator flag');
    if (claims.rid !== undefined && (typeof claims.rid !== 'string' || !REQUEST_ID.test(claims.rid))) throw new InvalidInternalToken('bad request id');
    const { iat, exp } = claims;
    if (!Number.isInteger(iat) || !Number.isInteger(exp)) throw new InvalidInternalToken('no lifetime');
    const now = this.now() / 1000;
    if (exp! <= now - CLOCK_SKEW_SECONDS) throw new InvalidInternalToken('expired');
    if (iat! > now + CLOCK_SKEW_SECONDS) throw new InvalidInternalToken('issued in the future');
    if (exp! - iat! > INTERNAL_TOKEN_TTL_SECONDS) throw new InvalidInternalToken('lifetime too long');
    return claims as InternalClaims;
  }

  private mac(signed: string): Buffer {
    return createHmac('sha256', this.key).update(signed).digest();
  }
}
