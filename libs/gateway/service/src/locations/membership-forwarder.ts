import { Inject, Injectable } from '@nestjs/common';
import type { Response } from 'express';
import type { AuthenticatedRequest } from '../auth/jwt-auth.guard';
import { receivedBytes, relayReply, type ServiceCall, type ServiceClient } from '../proxy/service-client';
import { EVENT_IDS_HEADER, MEMBERSHIP_CLIENT, ReadYourWrites } from '../proxy/services';

/**
 * Forwards a request to membership on the same path. A change answers only once the ledger has
 * applied its events (read-your-writes: a company just created can be granted credits at once,
 * a member just removed is refused); if that takes too long, 503 consistency-timeout.
 */
@Injectable()
export class MembershipForwarder {
  constructor(
    @Inject(MEMBERSHIP_CLIENT) private readonly membership: ServiceClient,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  async forward(req: AuthenticatedRequest, res: Response, method: ServiceCall['method'], body?: unknown): Promise<void> {
    const reply = await this.membership.call({ method, path: req.originalUrl, actor: req.actor, body, rawBody: receivedBytes(req, body) });
    if (method !== 'GET' && reply.status < 300 && !(await this.readYourWrites.ledgerApplied(reply.headers.get(EVENT_IDS_HEADER)))) {
      throw this.readYourWrites.consistencyTimeout(reply);
    }
    relayReply(reply, res);
  }
}
