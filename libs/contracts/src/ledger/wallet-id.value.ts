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

/** Throws when a part is empty or contains ':' or whitespace: such ids could not be parsed back. */
export function walletIdFor(owner: WalletOwner): string {
  const { locationId, ownerType, ownerId } = owner;
  if (ownerType !== 'user' && ownerType !== 'company') {
    throw new Error(`wallet owner type must be "user" or "company", got ${JSON.stringify(ownerType)}`);
  }
  for (const [name, value] of [['locationId', locationId], ['ownerId', ownerId]] as const) {
    if (typeof value !== 'string' || !SEGMENT.test(value)) {
      throw new Error(`${name} must be a non-empty string without ':' or whitespace, got ${JSON.stringify(value)}`);
    }
  }
  return `${PREFIX}:${locationId}:${ownerType}:${ownerId}`;
}

/** The owner a wallet id stands for, or null when the string is not a wallet id. */
export function parseWalletId(walletId: string): WalletOwner | null {
  const parts = typeof walletId === 'string' ? walletId.split(':') : [];
  if (parts.length !== 4) return null;
  const [prefix, locationId, ownerType, ownerId] = parts;
  if (prefix !== PREFIX || (ownerType !== 'user' && ownerType !== 'company')) return null;
  if (!SEGMENT.test(locationId) || !SEGMENT.test(ownerId)) return null;
  return { locationId, ownerType, ownerId };
}
