import { DeductCreditsRequest, GrantCreditsRequest } from '@credits/contracts/http';
import type { WalletOwner } from '@credits/contracts';
import { InternalTokens, ServiceNames, actorOf, authenticate, onBehalfOf, parseJsonObjectBody, strictValidationPipe, type FastLaneAnswer, type FastLaneCall, type FastLaneRoute, type RequestActor } from '@credits/platform';
import type { INestApplication, Type } from '@nestjs/common';
import type { Response } from 'express';
import { DeductCreditsController } from '../deduct-credits/deduct-credits.controller';
import { GrantCreditsController } from '../grant-credits/grant-credits.controller';
import { IDEMPOTENCY_HEADER } from '../shared/ledger.tokens';
import { ViewBalanceController } from '../view-balance/view-balance.controller';
import { walletOwnerOf, walletPaths } from './wallet-owner.param';

type Work = (call: FastLaneCall, actor: RequestActor, owner: WalletOwner, body: object | undefined) => Promise<FastLaneAnswer>;

/**
 * The ledger's part of the fast lane (serveFastLane): balances now, grants and deductions, run by
 * the same controller methods with their arguments resolved as Nest resolves them, in its order:
 * the body parser's checks, the internal token, the actor, the wallet owner, the body's DTO.
 */
export function walletFastLane(app: INestApplication, internalSecret: string): FastLaneRoute[] {
  const tokens = new InternalTokens(internalSecret);
  const validation = strictValidationPipe();
  const balances = app.get(ViewBalanceController);
  const grants = app.get(GrantCreditsController);
  const deductions = app.get(DeductCreditsController);

  const routes = (method: 'GET' | 'POST', paths: string[], work: Work, dto?: Type<object>): FastLaneRoute[] =>
    paths.map((path) => ({
      method,
      path,
      handle: async (call) => {
        const parsed = call.body === undefined ? undefined : parseJsonObjectBody(call.body);
        const claims = authenticate(call.req, tokens, ServiceNames.ledger);
        return onBehalfOf(call.req, { setHeader: (name, value) => (call.headers[name] = value) }, async () => {
          const actor = actorOf(claims);
          const owner = walletOwnerOf(call.params);
          const body = dto ? ((await validation.transform(parsed, { type: 'body', metatype: dto })) as object) : undefined;
          return work(call, actor, owner, body);
        });
      },
    }));

  const idempotencyKey = (call: FastLaneCall) => call.req.headers[IDEMPOTENCY_HEADER] as string | undefined;
  return [
    ...routes('GET', walletPaths(), async (_call, actor, owner) => ({ status: 200, body: await balances.balance(actor, owner, undefined) })),
    ...routes(
      'POST',
      walletPaths('/grants'),
      async (call, actor, owner, body) => answered(call, (res) => grants.grant(actor, owner, idempotencyKey(call), body as GrantCreditsRequest, res)),
      GrantCreditsRequest,
    ),
    ...routes(
      'POST',
      walletPaths('/deductions'),
      async (call, actor, owner, body) => answered(call, (res) => deductions.deduct(actor, owner, idempotencyKey(call), body as DeductCreditsRequest, res)),
      DeductCreditsRequest,
    ),
  ];
}

/** Runs a controller method that sets status and headers on Express's response (passthrough), on the call's answer instead. */
async function answered(call: FastLaneCall, method: (res: Response) => Promise<object>): Promise<FastLaneAnswer> {
  let status = 201; // Nest's default for a POST
  const response = {
    setHeader: (name: string, value: string) => ((call.headers[name] = value), response),
    status: (code: number) => ((status = code), response),
  };
  const body = await method(response as unknown as Response);
  return { status, body };
}
