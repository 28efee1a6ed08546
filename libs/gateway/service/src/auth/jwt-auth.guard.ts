import { Problems, type RequestActor } from '@credits/platform';
import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { verify } from 'jsonwebtoken';

export const JWT_SECRET = Symbol('JWT_SECRET');

export interface AuthenticatedRequest extends Request {
  actor: RequestActor;
}

/** Bearer JWT, HS256 only: `sub` is the user id, `roles` may contain "operator". */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(@Inject(JWT_SECRET) private readonly secret: string) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.header('authorization') ?? '';
    const match = /^Bearer (\S+)$/i.exec(header);
    if (!match) throw Problems.unauthorized('send Authorization: Bearer <JWT>');
    let claims: { sub?: unknown; roles?: unknown };
    try {
      claims = verify(match[1], this.secret, { algorithms: ['HS256'] }) as typeof claims;
    } catch (error) {
      throw Problems.unauthorized(`invalid token: ${(error as Error).message}`);
    }
    if (typeof claims.sub !== 'string' || claims.sub.length === 0) throw Problems.unauthorized('token has no subject (sub)');
    const roles = Array.isArray(claims.roles) ? claims.roles : [];
    request.actor = { userId: claims.sub, isOperator: roles.includes('operator') };
    return true;
  }
}
