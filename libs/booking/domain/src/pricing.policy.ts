import type { BookingPaymentMethod, Money } from '@credits/contracts';
import type { MemberFactsResponse, PlanTerms } from '@credits/contracts/http';
import type { Slot } from './booking-target.rules';
import type { Resource } from './resource';

/** A price in money and/or credits (integer minor units, integer hundredths); null: not offered. */
export interface Price {
  readonly money: Money | null;
  readonly credits: number | null;
}

export interface Quote {
  readonly listPrice: Price;
  readonly discountPercent: number;
  readonly price: Price;
  readonly paymentMethods: readonly BookingPaymentMethod[];
}

/** Rooms are priced per hour for the minutes booked, rounded half up; everything else per unit. */
export function listAmount(perUnit: number, resource: Resource, slot: Slot): number {
  const total = resource.type === 'room' ? (BigInt(perUnit) * BigInt(slot.units) * 2n + 60n) / 120n : BigInt(perUnit) * BigInt(slot.units);
  if (total > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`price ${total} is too large`);
  return Number(total);
}

/** The list amount less the discount, the discount rounded half up (so price + discount = list exactly). */
export function discounted(amount: number, percent: number): number {
  return amount - Math.floor((amount * percent + 50) / 100);
}

/** The plan whose resource discount applies: the company's when its credits pay, else the caller's own. */
export function applicablePlan(facts: MemberFactsResponse, companyId: string | undefined): PlanTerms | null {
  if (facts.member === null) return null;
  if (companyId !== undefined) return facts.company?.isMember ? facts.company.plan : null;
  return facts.plan;
}

/** Whether the caller may pay with this company's credits: an active member of an active company (R16). */
export function mayUseCompanyCredits(facts: MemberFactsResponse, companyId: string | undefined): boolean {
  const company = facts.company;
  return facts.member !== null && companyId !== undefined && company !== undefined && company.exists && !company.archived && company.isMember;
}

/**
 * What the caller pays (R2, R16): the plan's resource discount always lowers the money price and
 * lowers the credit price only with `discountAppliesToCredits`; with credits off there is no credit
 * price and no credit method; people who are not members of the location pay money only.
 */
export function quote(resource: Resource, slot: Slot, facts: MemberFactsResponse, companyId?: string): Quote {
  const credited = facts.creditsEnabled && resource.creditPrice !== null;
  const listPrice: Price = {
    money: resource.moneyPrice && { amount: listAmount(resource.moneyPrice.amount, resource, slot), currency: resource.moneyPrice.currency },
    credits: credited ? listAmount(resource.creditPrice!, resource, slot) : null,
  };
  const discountPercent = applicablePlan(facts, companyId)?.resourceDiscountPercent ?? 0;
  const price: Price = {
    money: listPrice.money && { amount: discounted(listPrice.money.amount, discountPercent), currency: listPrice.money.currency },
    credits: listPrice.credits === null ? null : facts.discountAppliesToCredits ? discounted(listPrice.credits, discountPercent) : listPrice.credits,
  };
  const member = facts.member !== null;
  const methods: BookingPaymentMethod[] = [];
  if (member && price.credits !== null) {
    if (companyId === undefined) methods.push('personal-credits');
    else if (mayUseCompanyCredits(facts, companyId)) methods.push('company-credits');
  }
  if (price.money !== null) methods.push('card');
  if (member && price.credits !== null && price.money !== null && companyId === undefined) methods.push('split');
  return { listPrice, discountPercent, price, paymentMethods: methods };
}

/** The quote, or why there is none: a total beyond what an amount can safely hold (a huge quantity or duration). */
export function quoteWithin(resource: Resource, slot: Slot, facts: MemberFactsResponse, companyId?: string): Quote | { readonly field: string; readonly reason: string } {
  try {
    return quote(resource, slot, facts, companyId);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return { field: resource.type === 'room' ? 'end' : 'quantity', reason: 'the total price is larger than can be paid: book less' };
  }
}
