/**
 * The one rule for strings a caller sends (body fields, query values, path ids). Every string is
 * stored or published somewhere, and PostgreSQL text and json cannot hold U+0000, nor has an unpaired
 * UTF-16 surrogate any UTF-8 encoding: such input is refused with a field-level reason (400), never
 * stored in an altered form, so what a caller reads back is exactly what it sent.
 */
export function unstorableTextProblem(value: string): string | undefined {
  for (let i = 0; i < value.length; i += 1) {
    const code = value.charCodeAt(i);
    if (code === 0) return 'must not contain NUL characters (U+0000)';
    if (code < 0xd800 || code > 0xdfff) continue;
    if (code <= 0xdbff && (value.charCodeAt(i + 1) & 0xfc00) === 0xdc00) i += 1;
    else return 'must not contain unpaired UTF-16 surrogates (not valid Unicode)';
  }
  return undefined;
}

export interface TextLength {
  readonly min?: number;
  readonly max?: number;
}

/** Why `value` is not a storable string of the given length (UTF-16 code units), or undefined. */
export function textProblem(value: unknown, length: TextLength = {}): string | undefined {
  if (typeof value !== 'string') return 'must be a string';
  const { min = 0, max = Number.POSITIVE_INFINITY } = length;
  if (value.length < min || value.length > max) {
    return max === Number.POSITIVE_INFINITY ? `must be at least ${min} characters` : `must be ${min}-${max} characters`;
  }
  return unstorableTextProblem(value);
}

export const USER_ID_MAX_LENGTH = 255;

/** For the OpenAPI descriptions of user id fields and path parameters. */
export const USER_ID_DESCRIPTION =
  "the identity provider's `sub` as is (e.g. `auth0|64f1c2`, an email, a UUID): 1-255 printable characters, " +
  'no control characters, no leading or trailing whitespace; compared exactly (case-sensitive); URL-encoded in paths';

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const SURROUNDING_SPACE = /^\s|\s$/;

/**
 * User ids are the identity provider's `sub` claim as is, so any printable string an IdP may issue
 * must pass (`auth0|64f1c2`, `us-east-1:6b1d...`, emails, non-Latin letters). Compared exactly: no
 * case folding or trimming anywhere, so surrounding whitespace is refused rather than silently
 * naming another user. The access-token verifier applies the same rule to `sub`.
 */
export function userIdProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return 'must be a string';
  const unstorable = unstorableTextProblem(value);
  if (unstorable) return unstorable;
  if (value.length === 0 || [...value].length > USER_ID_MAX_LENGTH) return `must be 1-${USER_ID_MAX_LENGTH} characters`;
  if (CONTROL.test(value)) return 'must not contain control characters';
  if (SURROUNDING_SPACE.test(value)) return 'must not start or end with whitespace';
  // URL normalization removes these path segments even when percent-encoded.
  if (value === '.' || value === '..') return 'must not be "." or ".."';
  return undefined;
}
