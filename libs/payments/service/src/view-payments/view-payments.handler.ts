import type { PaymentsPage } from '@credits/contracts/http';
import type { MemberFactsSource, RequestActor } from '@credits/platform';
import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import { locationRole } from '../shared/location-access';
import { listPayments, paymentView } from '../shared/payment.store';
import { MEMBER_FACTS, PAYMENTS_POOL } from '../shared/payments.tokens';

export interface PaymentsCursor {
  readonly createdAt: string;
  readonly id: string;
}

export class ViewPaymentsQuery {
  constructor(
    readonly actor: RequestActor,
    readonly locationId: string,
    readonly limit: number,
    /** the last payment of the previous page, or null for the first page */
    readonly after: PaymentsCursor | null,
  ) {}
}

const encodeCursor = (cursor: PaymentsCursor) => Buffer.from(JSON.stringify([cursor.createdAt, cursor.id])).toString('base64url');

/** A location's money transactions, newest first: admins see all, members the ones they paid themselves. */
@QueryHandler(ViewPaymentsQuery)
export class ViewPaymentsHandler implements IQueryHandler<ViewPaymentsQuery, PaymentsPage> {
  constructor(@Inject(PAYMENTS_POOL) private readonly pool: Pool, @Inject(MEMBER_FACTS) private readonly memberFacts: MemberFactsSource) {}

  async execute({ actor, locationId, limit, after }: ViewPaymentsQuery): Promise<PaymentsPage> {
    const role = await locationRole(this.memberFacts, locationId, actor);
    // One more than the page tells whether another page follows.
    const records = await listPayments(this.pool, locationId, { payerId: role === 'admin' ? null : actor.userId, after, limit: limit + 1 });
    const page = records.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map(paymentView),
      nextCursor: records.length > limit && last ? encodeCursor({ createdAt: last.createdAt.toISOString(), id: last.state.paymentId }) : null,
    };
  }
}
