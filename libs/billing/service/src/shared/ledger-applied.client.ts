import { ProblemException } from '@credits/platform/core';
import type { InternalHttpClient } from '@credits/platform';

/** Read-your-writes (DESIGN section 4): whether the ledger has granted what these billing events say. */
export interface LedgerApplied {
  /** true once applied; false when not within the wait (or the ledger cannot be asked) */
  purchaseEventsApplied(eventIds: readonly string[]): Promise<boolean>;
}

export class LedgerAppliedClient implements LedgerApplied {
  constructor(private readonly ledger: InternalHttpClient, private readonly timeoutMs: number) {}

  async purchaseEventsApplied(eventIds: readonly string[]): Promise<boolean> {
    if (eventIds.length === 0) return true;
    try {
      const reply = await this.ledger.call('GET', `/internal/purchase-events/applied?ids=${encodeURIComponent(eventIds.join(','))}&timeoutMs=${this.timeoutMs}`);
      return reply.status === 200;
    } catch {
      return false;
    }
  }
}

/**
 * What a purchase answers when the ledger has not granted its credits in time: not its plain 201,
 * which would promise the credits are visible. The purchase is made and stays made; repeating the
 * request with the same Idempotency-Key answers it (once the credits are visible).
 */
export function consistencyTimeout(result: unknown): ProblemException {
  return new ProblemException(
    503,
    'consistency-timeout',
    'Purchase made, credits not yet visible',
    'The purchase was made, but the ledger has not granted its credits yet. Repeat this request with the same Idempotency-Key ' +
      'after Retry-After seconds: it buys nothing more and answers once the credits are visible.',
    { result },
  );
}
