import type { CreditsGrantedData } from './ledger.events';

const PREFIX = 'credit purchase ';

/**
 * CreditsGranted v1 has no field for the purchase that bought the credits: the ledger names it in
 * the grant's reason, written and read only through these two functions.
 */
export function purchaseGrantReason(purchaseId: string): string {
  return `${PREFIX}${purchaseId}`;
}

/** The purchase a grant of source `purchase` delivered, else null. */
export function purchaseIdOfGrant(grant: Pick<CreditsGrantedData, 'source' | 'reason'>): string | null {
  if (grant.source !== 'purchase' || !grant.reason.startsWith(PREFIX)) return null;
  return grant.reason.slice(PREFIX.length) || null;
}
