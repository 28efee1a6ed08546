import { PaymentRoutes, PaymentsPage, PaymentsQuery } from '@credits/contracts/http';
import { CurrentActor, ParseIdPipe, Problems, type MemberFactsSource, type RequestActor } from '@credits/platform';
import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import type { Pool } from 'pg';
import { locationRole } from '../shared/location-access';
import { PAYMENT_COLUMNS, paymentView, recordOf } from '../shared/payment.store';
import { MEMBER_FACTS, PAYMENTS_POOL } from '../shared/payments.tokens';

interface Cursor {
  readonly createdAt: string;
  readonly id: string;
}

const encodeCursor = (cursor: Cursor) => Buffer.from(JSON.stringify([cursor.createdAt, cursor.id])).toString('base64url');

function decodeCursor(text: string): Cursor {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as [unknown, unknown];
    if (typeof createdAt === 'string' && !Number.isNaN(Date.parse(createdAt)) && typeof id === 'string' && /^[0-9a-f-]{36}$/.test(id)) return { createdAt, id };
  } catch {
    // falls through to the field error
  }
  throw Problems.validation([{ field: 'cursor', reason: 'must be the nextCursor of a previous page' }]);
}

/** A location's money transactions, newest first: admins see all, members the ones they paid themselves. */
@Controller(PaymentRoutes.payments)
export class ViewPaymentsController {
  constructor(@Inject(PAYMENTS_POOL) private readonly pool: Pool, @Inject(MEMBER_FACTS) private readonly memberFacts: MemberFactsSource) {}

  @Get()
  async list(
    @CurrentActor() actor: RequestActor,
    @Param('locationId', ParseIdPipe('location')) locationId: string,
    @Query() query: PaymentsQuery,
  ): Promise<PaymentsPage> {
    const role = await locationRole(this.memberFacts, locationId, actor);
    const limit = Number(query.limit ?? 50);
    const after = query.cursor ? decodeCursor(query.cursor) : null;
    const result = await this.pool.query(
      `SELECT ${PAYMENT_COLUMNS} FROM payments.payments
       WHERE location_id = $1 AND ($2 OR (payer_type = 'user' AND payer_id = $3))
         AND ($4::timestamptz IS NULL OR (created_at, id) < ($4::timestamptz, $5::uuid))
       ORDER BY created_at DESC, id DESC LIMIT $6`,
      [locationId, role === 'admin', actor.userId, after?.createdAt ?? null, after?.id ?? null, limit + 1],
    );
    const records = result.rows.slice(0, limit).map(recordOf);
    const last = records[records.length - 1];
    return {
      items: records.map(paymentView),
      nextCursor: result.rows.length > limit && last ? encodeCursor({ createdAt: last.createdAt.toISOString(), id: last.state.paymentId }) : null,
    };
  }
}
