import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { Problems } from './problem-details';

/**
 * The authenticated caller as the gateway passes it to the services. The gateway verifies the JWT
 * and sets these headers; services are reachable only inside the cluster network.
 */
export interface RequestActor {
  readonly userId: string;
  readonly isOperator: boolean;
}

export const ACTOR_ID_HEADER = 'x-actor-id';
export const ACTOR_ROLES_HEADER = 'x-actor-roles';

export function actorHeaders(actor: RequestActor): Record<string, string> {
  return { [ACTOR_ID_HEADER]: actor.userId, [ACTOR_ROLES_HEADER]: actor.isOperator ? 'operator' : '' };
}

export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): RequestActor => {
  const request = context.switchToHttp().getRequest<Request>();
  const userId = request.header(ACTOR_ID_HEADER);
  if (!userId) throw Problems.unauthorized('no authenticated caller');
  const roles = (request.header(ACTOR_ROLES_HEADER) ?? '').split(',').map((r) => r.trim());
  return { userId, isOperator: roles.includes('operator') };
});
