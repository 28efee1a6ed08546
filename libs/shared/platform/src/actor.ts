import {
  Inject,
  Module,
  RequestMethod,
  createParamDecorator,
  type DynamicModule,
  type ExecutionContext,
  type MiddlewareConsumer,
  type NestModule,
} from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { IncomingHttpHeaders } from 'node:http';
import { InternalTokens, InvalidInternalToken, type InternalClaims } from './internal-token';
import { Problems } from './problem-details';
import { REQUEST_ID_HEADER, currentContext, runWithContext } from './request-context';

/** The authenticated user a call acts for, as the gateway signed it into the internal token. */
export interface RequestActor {
  readonly userId: string;
  readonly isOperator: boolean;
}

const CALLER = Symbol('internal caller');
type CallerRequest = Request & { [CALLER]?: InternalClaims };

// Once trusted from anyone who could reach a service; a call that still sends them is refused.
const ACTOR_HEADERS = ['x-actor-id', 'x-actor-roles'];
const HEALTH = /^\/health\//;

/** The caller of an internal call: its token's claims (401 problem without a valid token for `audience`). */
export function authenticate(req: { readonly headers: IncomingHttpHeaders }, tokens: InternalTokens, audience: string): InternalClaims {
  if (ACTOR_HEADERS.some((name) => req.headers[name] !== undefined)) {
    throw Problems.unauthorized('x-actor-* headers are not accepted: the caller comes from a signed internal token');
  }
  const authorization = req.headers.authorization;
  if (!authorization?.startsWith('Bearer ')) throw Problems.unauthorized('an internal token (Authorization: Bearer) is required');
  try {
    return tokens.verify(authorization.slice('Bearer '.length), audience);
  } catch (error) {
    if (error instanceof InvalidInternalToken) throw Problems.unauthorized(`internal token refused: ${error.message}`);
    throw error;
  }
}

/**
 * Every call to a service but its health probes must carry an internal token for that service;
 * its request id becomes the causation id of what the call records.
 */
export function internalCallerMiddleware(tokens: InternalTokens, audience: string) {
  return (req: CallerRequest, res: Response, next: NextFunction): void => {
    if (HEALTH.test(req.originalUrl)) return next();
    req[CALLER] = authenticate(req, tokens, audience);
    onBehalfOf(req, res, next);
  };
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Runs `work` as done for the request that made the call (its x-request-id, echoed back) when the
 * caller names one: what the call records has that request as its cause. Call after authenticate.
 */
export function onBehalfOf<T>(req: { readonly headers: IncomingHttpHeaders }, res: { setHeader(name: string, value: string): unknown }, work: () => T): T {
  const requestId = req.headers[REQUEST_ID_HEADER];
  if (requestId === undefined) return work();
  if (typeof requestId !== 'string' || !REQUEST_ID.test(requestId)) {
    throw Problems.validation([{ field: REQUEST_ID_HEADER, reason: 'must be 1 to 128 letters, digits or . _ : -' }]);
  }
  res.setHeader(REQUEST_ID_HEADER, requestId);
  return runWithContext({ correlationId: currentContext()?.correlationId ?? requestId, causationId: requestId }, work);
}

const INTERNAL_CALLER_MIDDLEWARE = Symbol('INTERNAL_CALLER_MIDDLEWARE');

/** Imported by a service's module: refuses calls without a valid internal token addressed to `audience`. */
@Module({})
export class InternalCallersModule implements NestModule {
  static register(options: { readonly secret: string; readonly audience: string }): DynamicModule {
    const middleware = internalCallerMiddleware(new InternalTokens(options.secret), options.audience);
    return { module: InternalCallersModule, providers: [{ provide: INTERNAL_CALLER_MIDDLEWARE, useValue: middleware }] };
  }

  constructor(@Inject(INTERNAL_CALLER_MIDDLEWARE) private readonly middleware: ReturnType<typeof internalCallerMiddleware>) {}

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(this.middleware).forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }
}

function callerOf(context: ExecutionContext): InternalClaims {
  const claims = context.switchToHttp().getRequest<CallerRequest>()[CALLER];
  if (!claims) throw Problems.unauthorized('no authenticated caller');
  return claims;
}

/** The user a public API call acts for (forwarded by the gateway). */
export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): RequestActor => actorOf(callerOf(context)));

/** The user an internal call acts for (403 when it names none). */
export function actorOf(claims: InternalClaims): RequestActor {
  if (claims.sub === undefined) throw Problems.forbidden('this API acts for a user and the call names none');
  return { userId: claims.sub, isOperator: claims.op === true };
}

/** The service calling an internal API for itself (its token names no user); the value is its name. */
export const CallingService = createParamDecorator((_: unknown, context: ExecutionContext): string => {
  const claims = callerOf(context);
  if (claims.sub !== undefined) throw Problems.forbidden('internal API: only services may call it, not users');
  return claims.iss;
});
