import { Inject, Injectable } from '@nestjs/common';
import { ServiceClient } from './service-client';

export const LEDGER_CLIENT = Symbol('LEDGER_CLIENT');
export const MEMBERSHIP_CLIENT = Symbol('MEMBERSHIP_CLIENT');
export const EVENT_IDS_HEADER = 'x-event-ids';

/**
 * Read-your-writes across services (DESIGN section 4): a membership change the ledger depends on
 * (a new member, credits switched on) answers only once the ledger has applied its events.
 */
@Injectable()
export class ReadYourWrites {
  constructor(@Inject(LEDGER_CLIENT) private readonly ledger: ServiceClient) {}

  async awaitLedger(eventIdsHeader: string | null, actor: { userId: string; isOperator: boolean }): Promise<boolean> {
    const ids = (eventIdsHeader ?? '').split(',').filter(Boolean);
    if (ids.length === 0) return true;
    const reply = await this.ledger.call({
      method: 'GET',
      path: `/internal/membership-events/applied?ids=${encodeURIComponent(ids.join(','))}&timeoutMs=10000`,
      actor,
    });
    return reply.status === 200;
  }
}
