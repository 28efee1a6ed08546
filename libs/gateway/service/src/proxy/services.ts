import { ProblemException } from '@credits/platform';
import { Inject, Injectable } from '@nestjs/common';
import type { ServiceClient, ServiceReply } from './service-client';

export const LEDGER_CLIENT = Symbol('LEDGER_CLIENT');
export const MEMBERSHIP_CLIENT = Symbol('MEMBERSHIP_CLIENT');
export const BILLING_CLIENT = Symbol('BILLING_CLIENT');
export const PAYMENTS_CLIENT = Symbol('PAYMENTS_CLIENT');
export const BOOKING_CLIENT = Symbol('BOOKING_CLIENT');
export const READ_YOUR_WRITES_TIMEOUT_MS = Symbol('READ_YOUR_WRITES_TIMEOUT_MS');
export const EVENT_IDS_HEADER = 'x-event-ids';
const CONSISTENCY_TIMEOUT = 'consistency-timeout';

/**
 * Read-your-writes across services (DESIGN section 4): a membership change the ledger depends on
 * (a new member, credits switched on) answers only once the ledger has applied its events.
 */
@Injectable()
export class ReadYourWrites {
  constructor(
    @Inject(LEDGER_CLIENT) private readonly ledger: ServiceClient,
    @Inject(READ_YOUR_WRITES_TIMEOUT_MS) private readonly timeoutMs: number,
  ) {}

  /** Whether the ledger has applied the named events, waiting up to the timeout; a ledger that cannot be asked has not. */
  async ledgerApplied(eventIdsHeader: string | null): Promise<boolean> {
    const ids = (eventIdsHeader ?? '').split(',').filter(Boolean);
    if (ids.length === 0) return true;
    try {
      const reply = await this.ledger.call({
        method: 'GET',
        path: `/internal/membership-events/applied?ids=${encodeURIComponent(ids.join(','))}&timeoutMs=${this.timeoutMs}`,
      });
      return reply.status === 200;
    } catch (error) {
      if (error instanceof ProblemException) return false;
      throw error;
    }
  }

  /**
   * What a change answers when the ledger did not apply it in time: never its plain 2xx, which
   * would promise read-your-writes. The change is made and stays made; the problem carries what it
   * answered. Membership changes are safe to repeat (a repeat changes nothing more and waits again).
   * Like every 503 it leaves with Retry-After (ProblemFilter).
   */
  consistencyTimeout(reply: ServiceReply): ProblemException {
    let result: unknown = reply.body;
    try {
      result = JSON.parse(reply.body);
    } catch {
      // not JSON: pass the text on
    }
    return new ProblemException(
      503,
      CONSISTENCY_TIMEOUT,
      'Change made, not yet visible everywhere',
      `The change was made, but the ledger has not applied it yet (waited ${this.timeoutMs} ms), so requests that depend on it ` +
        `(grants, balances) may not see it. Repeat this request after Retry-After seconds: it changes nothing more and answers once the change is visible.`,
      { result },
    );
  }
}
