/**
 * Wallet ids (R4: one wallet per location and owner). The id is also the Kafka message key and the
 * event-store stream id, so it is derived, never generated: `wallet:<locationId>:<ownerType>:<ownerId>`.
 */

export type WalletOwnerType = 'user' | 'company';

export interface WalletOwner {
  readonly locationId: string;
  readonly ownerType: WalletOwnerType;
  readonly ownerId: string;
}

const PREFIX = 'wallet';
// ':' separates the parts, so it may not appear inside one (that would make ids ambiguous).
const SEGMENT = /^[^:\s]+$/;
// User ids are any IdP subject, so the owner part escapes '%', ':' and whitespace (percent-encoding);
// ids without them, every id the ledger ever stored before, stay as they are.
const ESCAPED = /[%:\s]/gu;

/** Throws when a part is empty, or the location id contains ':' or whitespace. */
export function walletIdFor(owner: WalletOwner): string {
  const { locationId, ownerType, ownerId } = owner;
  if (ownerType !== 'user' && ownerType !== 'company') {
    throw new Error(`wallet owner type must be "user" or "company", got ${JSON.stringify(ownerType)}`);
  }
  if (typeof locationId !== 'string' || !SEGMENT.test(locationId)) {
    throw new Error(`locationId must be a non-empty string without ':' or whitespace, got ${JSON.stringify(locationId)}`);
  }
  if (typeof ownerId !== 'string' || ownerId === '') throw new Error(`ownerId must be a non-empty string, got ${JSON.stringify(ownerId)}`);
  return `${PREFIX}:${locationId}:${ownerType}:${ownerId.replace(ESCAPED, encodeURIComponent)}`;
}

/** The owner a wallet id stands for, or null when the string is not a wallet id. */
export function parseWalletId(walletId: string): WalletOwner | null {
  const parts = typeof walletId === 'string' ? walletId.split(':') : [];
  if (parts.length !== 4) return null;
  const [prefix, locationId, ownerType, ownerId] = parts;
  if (prefix !== PREFIX || (ownerType !== 'user' && ownerType !== 'company')) return null;
  if (!SEGMENT.test(locationId) || !SEGMENT.test(ownerId)) return null;
  let owner: WalletOwner;
  try {
    owner = { locationId, ownerType, ownerId: decodeURIComponent(ownerId) };
  } catch {
    return null;
  }
  // One owner, one id: another spelling of the same owner (`%3a` for `%3A`) is no wallet id.
  return walletIdFor(owner) === walletId ? owner : null;
}
