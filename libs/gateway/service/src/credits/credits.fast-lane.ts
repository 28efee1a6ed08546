import { ApiRoutes } from '@credits/contracts/http';
import { parseJsonObjectBody, type FastLaneCall, type FastLaneRoute } from '@credits/platform';
import { authenticatedActor } from '../auth/jwt-auth.guard';
import type { AccessTokenVerifier } from '../auth/access-token.verifier';
import { clientHeadersOf, type ServiceClient } from '../proxy/service-client';

/**
 * CreditsController's balances, grants and deductions on the fast lane (serveFastLane): the same
 * checks in the same order (the body parser's, then the token), the body forwarded as received for
 * the ledger to validate (as the controller does), the ledger's answer relayed.
 */
export function creditsFastLane(verifier: AccessTokenVerifier, ledger: ServiceClient): FastLaneRoute[] {
  const forward = (method: 'GET' | 'POST') => async ({ req, body, headers }: FastLaneCall) => {
    if (body) parseJsonObjectBody(body);
    const actor = await authenticatedActor(req.headers.authorization, verifier);
    const idempotencyKey = req.headers['idempotency-key'];
    const reply = await ledger.call({ method, path: req.url, actor, rawBody: body, headers: { 'idempotency-key': typeof idempotencyKey === 'string' ? idempotencyKey : undefined }, fastLane: true });
    Object.assign(headers, clientHeadersOf(reply));
    return { status: reply.status, body: reply.body, contentType: reply.contentType };
  };
  const changes = [ApiRoutes.userCreditGrants, ApiRoutes.companyCreditGrants, ApiRoutes.userCreditDeductions, ApiRoutes.companyCreditDeductions];
  return [
    { method: 'GET', path: ApiRoutes.userCredits, handle: forward('GET') },
    { method: 'GET', path: ApiRoutes.companyCredits, handle: forward('GET') },
    ...changes.map((path) => ({ method: 'POST' as const, path, handle: forward('POST') })),
  ];
}
