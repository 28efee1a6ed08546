import { parseWalletId, upcastLedgerEvent, type CreditsAddedNotification, type CreditsGrantedData, type StoredLedgerEvent, type WalletOwner } from '@credits/contracts';

/** What every recipient of one grant is told; the recipient and their sequence are added per recipient. */
export type CreditsAdded = Omit<CreditsAddedNotification, 'recipientId' | 'sequence'>;

/**
 * The notification a valid CreditsGranted of any version gives rise to (a v1 still in the topic is
 * read as v2), or null when its wallet id names no wallet.
 */
export function creditsAddedBy(granted: StoredLedgerEvent): { owner: WalletOwner; content: CreditsAdded } | null {
  const grant = upcastLedgerEvent(granted).data as CreditsGrantedData;
  const owner = parseWalletId(grant.walletId);
  if (!owner) return null;
  return {
    owner,
    content: {
      kind: 'credits-added',
      locationId: owner.locationId,
      wallet: { ownerType: owner.ownerType, ownerId: owner.ownerId },
      amount: grant.amount,
      source: grant.source,
      purchaseId: grant.purchaseId,
      occurredAt: grant.occurredAt,
    },
  };
}

/**
 * Who is told (R14): a member about their own wallet; about a company's wallet, its managers (the
 * ones who may buy for it and see its credits). Sorted, so transactions take their locks in one order.
 */
export function recipientsOf(owner: WalletOwner, companyManagers: readonly string[]): string[] {
  if (owner.ownerType === 'user') return [owner.ownerId];
  return [...new Set(companyManagers)].sort();
}
