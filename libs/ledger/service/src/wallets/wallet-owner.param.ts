import type { WalletOwner } from '@credits/contracts';
import { Problems, requireUserId } from '@credits/platform';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';

/** The two kinds of wallet (R4) share every route below these prefixes (DESIGN section 6). */
export const USER_WALLET = 'v1/locations/:locationId/users/:userId/credits';
export const COMPANY_WALLET = 'v1/locations/:locationId/companies/:companyId/credits';

export function walletPaths(suffix = ''): string[] {
  return [`${USER_WALLET}${suffix}`, `${COMPANY_WALLET}${suffix}`];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The wallet owner named by the path; a UUID that cannot exist answers 404 like a missing one, an ill-formed user id 400. */
export const WalletOwnerParam = createParamDecorator((_: unknown, context: ExecutionContext): WalletOwner =>
  walletOwnerOf(context.switchToHttp().getRequest<Request>().params as Record<string, string | undefined>),
);

/** The wallet owner named by a wallet route's path parameters (see WalletOwnerParam). */
export function walletOwnerOf(params: Readonly<Record<string, string | undefined>>): WalletOwner {
  const { locationId, userId, companyId } = params;
  if (!locationId || !UUID.test(locationId)) throw Problems.notFound('location does not exist');
  if (companyId !== undefined) {
    if (!UUID.test(companyId)) throw Problems.notFound(`company ${companyId} does not exist`);
    return { locationId, ownerType: 'company', ownerId: companyId };
  }
  return { locationId, ownerType: 'user', ownerId: requireUserId(userId) };
}
