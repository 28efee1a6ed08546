import type { MemberFactsSource, RequestActor } from '@credits/platform';
import { Problems } from '@credits/platform/core';
import type { Pool } from 'pg';
import { loadCaller } from './billing-caller';
import { loadPurchase, type StoredPurchase } from './credit-purchase.store';

/**
 * A purchase the caller may see: its buyer, the managers of the company it was for, the location's
 * admins. To anyone else it does not exist.
 */
export async function visiblePurchase(members: MemberFactsSource, pool: Pool, locationId: string, actor: RequestActor, purchaseId: string): Promise<StoredPurchase> {
  const caller = await loadCaller(members, locationId, actor);
  const purchase = await loadPurchase(pool, locationId, purchaseId);
  const notFound = Problems.notFound(`credit purchase ${purchaseId} does not exist`);
  if (!purchase) throw notFound;
  if (caller.isAdmin || purchase.buyerId === actor.userId) return purchase;
  if (purchase.wallet.ownerType === 'company' && (await members.facts(locationId, actor.userId, purchase.wallet.ownerId)).company?.isManager) return purchase;
  throw notFound;
}
