import type { BuyerFacts, WalletRef } from './credit-purchase.commands';
import type { PurchaseRejection } from './credit-purchase.rejections';

/**
 * Who may buy credits into which wallet (R11): members of the location only (strangers learn
 * nothing: the location "does not exist" for them); their own wallet; a company's wallet as its
 * manager, or as a member a manager allowed the corporate card. Checked before anything else,
 * a stored answer to a retried request included.
 */
export function buyerRejection(facts: BuyerFacts, buyerId: string, locationId: string, wallet: WalletRef): PurchaseRejection | null {
  if (!facts.locationExists) return { type: 'location-not-found', detail: `location ${locationId} does not exist` };
  if (facts.member === null) return { type: 'not-a-member', detail: `location ${locationId} does not exist` };
  if (wallet.ownerType === 'user') {
    return wallet.ownerId === buyerId ? null : { type: 'not-your-wallet', detail: 'you can buy personal credits only for your own wallet' };
  }
  const company = facts.company;
  if (!company?.exists) return { type: 'company-not-found', detail: `company ${wallet.ownerId} does not exist` };
  if (!company.isMember) return { type: 'not-in-company', detail: `you are not a member of company ${wallet.ownerId}` };
  if (!company.mayUseCorporateCard) {
    return { type: 'corporate-card-not-allowed', detail: `a manager of company ${wallet.ownerId} has not allowed you to use the corporate card` };
  }
  return null;
}

/** The plan whose terms apply: the wallet holder's (the buyer's own for personal credits, the company's for company credits). */
export function holderPlan(facts: BuyerFacts, wallet: WalletRef): BuyerFacts['plan'] {
  return wallet.ownerType === 'user' ? facts.plan : (facts.company?.plan ?? null);
}
