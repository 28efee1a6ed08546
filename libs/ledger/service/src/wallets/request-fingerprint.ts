import { hash } from 'node:crypto';

/**
 * JSON with the keys of every object sorted, so that requests that mean the same have one text
 * whatever order their fields came in. For JSON values: like JSON.stringify, fields that are
 * undefined are left out, and `toJSON` is honored.
 */
export function canonicalJson(value: unknown): string {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value) ?? 'null';
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return canonicalJson((value as { toJSON: () => unknown }).toJSON());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const record = value as Record<string, unknown>;
  let fields = '';
  for (const key of Object.keys(record).sort()) {
    if (record[key] === undefined) continue;
    fields += `${fields === '' ? '' : ','}${JSON.stringify(key)}:${canonicalJson(record[key])}`;
  }
  return `{${fields}}`;
}

/**
 * What an Idempotency-Key is bound to: who asks (null: a service) and the meaning of what they ask
 * for (parsed values, canonical JSON), not the bytes they sent. Another caller with the same key and
 * body has another fingerprint, so they can never be given the first caller's answer.
 */
export const requestFingerprint = (callerId: string | null, request: unknown): string => hash('sha256', canonicalJson([callerId, request]), 'hex');
