import { Problems, type RequestActor } from '@credits/platform';
import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { AccessTokenVerifier } from './access-token.verifier';

export interface AuthenticatedRequest extends Request {
  actor: RequestActor;
  /** the body's bytes as received (createHttpApp keeps them) */
  rawBody?: Buffer;
}

/** Bearer JWT (see AccessTokenVerifier): `sub` is the user id, `roles` may contain "operator". */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(@Inject(AccessTokenVerifier) private readonly verifier: AccessTokenVerifier) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    request.actor = await authenticatedActor(request.headers.authorization, this.verifier);
    return true;
  }
}

/** The caller of a request with this Authorization header (401 problem without a valid bearer token). */
export async function authenticatedActor(authorization: string | undefined, verifier: AccessTokenVerifier): Promise<RequestActor> {
  const match = /^Bearer (\S+)$/i.exec(authorization ?? '');
  if (!match) throw Problems.unauthorized('send Authorization: Bearer <JWT>');
  return verifier.verify(match[1]);
}
