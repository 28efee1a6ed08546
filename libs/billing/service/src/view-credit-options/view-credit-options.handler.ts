import { discountedPrice, holderPlan } from '@credits/billing-domain';
import { creditsToText } from '@credits/contracts';
import type { CreditOptionOfferView, CreditOptionsQuery } from '@credits/contracts/http';
import { Problems, type MemberFactsSource, type RequestActor } from '@credits/platform';
import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import { loadCaller, requireCreditsEnabled } from '../shared/billing-caller';
import { BILLING_POOL, MEMBER_FACTS } from '../shared/billing.tokens';
import { listOptions } from '../shared/credit-option.store';

export class ViewCreditOptionsQuery {
  constructor(readonly actor: RequestActor, readonly locationId: string, readonly filter: CreditOptionsQuery) {}
}

/**
 * The options as the caller would buy them (R10): members see the active ones at their plan's
 * credit-option discount, or at a company's plan's with `companyId` (its members); admins also the
 * archived ones.
 */
@QueryHandler(ViewCreditOptionsQuery)
export class ViewCreditOptionsHandler implements IQueryHandler<ViewCreditOptionsQuery, CreditOptionOfferView[]> {
  constructor(@Inject(BILLING_POOL) private readonly pool: Pool, @Inject(MEMBER_FACTS) private readonly members: MemberFactsSource) {}

  async execute({ actor, locationId, filter }: ViewCreditOptionsQuery): Promise<CreditOptionOfferView[]> {
    const caller = await loadCaller(this.members, locationId, actor, filter.companyId);
    requireCreditsEnabled(caller.facts, locationId);
    const status = filter.status ?? 'active';
    if (status === 'archived' && !caller.isAdmin) throw Problems.forbidden('only location admins can see archived credit options');
    const wallet = filter.companyId === undefined ? { ownerType: 'user' as const, ownerId: actor.userId } : { ownerType: 'company' as const, ownerId: filter.companyId };
    if (wallet.ownerType === 'company') {
      const company = caller.facts.company;
      if (!company?.exists) throw Problems.notFound(`company ${wallet.ownerId} does not exist`);
      if (!company.isMember && !caller.isAdmin) throw Problems.forbidden(`you are not a member of company ${wallet.ownerId}`);
    }
    const discountPercent = holderPlan(caller.facts, wallet)?.creditOptionDiscountPercent ?? 0;
    return (await listOptions(this.pool, locationId, status)).map((option) => ({
      id: option.optionId,
      locationId,
      name: option.name,
      credits: creditsToText(option.credits),
      listPrice: option.listPrice,
      price: discountedPrice(option.listPrice, discountPercent),
      discountPercent,
      status: option.status,
    }));
  }
}
