import { PaymentRoutes, PaymentsPage, PaymentsQuery } from '@credits/contracts/http';
import { CurrentActor, ParseIdPipe, Problems, type RequestActor } from '@credits/platform';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ViewPaymentsQuery, type PaymentsCursor } from './view-payments.handler';

function decodeCursor(text: string): PaymentsCursor {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as [unknown, unknown];
    if (typeof createdAt === 'string' && !Number.isNaN(Date.parse(createdAt)) && typeof id === 'string' && /^[0-9a-f-]{36}$/.test(id)) return { createdAt, id };
  } catch {
    // falls through to the field error
  }
  throw Problems.validation([{ field: 'cursor', reason: 'must be the nextCursor of a previous page' }]);
}

@Controller(PaymentRoutes.payments)
export class ViewPaymentsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  list(@CurrentActor() actor: RequestActor, @Param('locationId', ParseIdPipe('location')) locationId: string, @Query() query: PaymentsQuery): Promise<PaymentsPage> {
    const after = query.cursor ? decodeCursor(query.cursor) : null;
    return this.queries.execute<ViewPaymentsQuery, PaymentsPage>(new ViewPaymentsQuery(actor, locationId, Number(query.limit ?? 50), after));
  }
}
