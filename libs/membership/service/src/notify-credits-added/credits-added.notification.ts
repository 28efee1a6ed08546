import { parseWalletId, type CreditsAddedNotification, type CreditsGrantedData, type CreditsGrantedV1Data, type WalletOwner } from '@credits/contracts';

/** What every recipient of one grant is told; the recipient and their sequence are added per recipient. */
export type CreditsAdded = Omit<CreditsAddedNotification, 'recipientId' | 'sequence'>;

/** The notification a grant gives rise to, or null when its wallet id names no wallet. */
export function creditsAddedBy(grant: CreditsGrantedData | CreditsGrantedV1Data): { owner: WalletOwner; content: CreditsAdded } | null {
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
      // v1 grants (before the field existed) name no purchase; their reason text is never parsed.
      purchaseId: 'purchaseId' in grant ? grant.purchaseId : null,
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
