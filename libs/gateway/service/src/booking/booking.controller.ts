import {
  ApiRoutes,
  BookingResponse,
  BookingsQuery,
  CancelBookingResponse,
  CheckInRequest,
  CreateBookingRequest,
  CreateResourceRequest,
  QuoteQuery,
  QuoteResponse,
  ResourceResponse,
  ResourcesQuery,
  UpdateResourceRequest,
} from '@credits/contracts/http';
import { Body, Controller, Inject, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { JwtAuthGuard, type AuthenticatedRequest } from '../auth/jwt-auth.guard';
import { ApiRoute } from '../openapi/api-route.decorator';
import { relayReply, type ServiceClient } from '../proxy/service-client';
import { BOOKING_CLIENT } from '../proxy/services';

const TAKEN =
  'The slot is taken (`.../slot-taken`), tickets or stock are sold out (`.../sold-out`), you have a day pass that day (`.../day-pass-exists`), ' +
  'or the credits are not there (`.../insufficient-credits` with `shortfall`; nothing is held). Also `.../credits-disabled`, `.../resource-archived`, `.../method-not-offered`.';

/** Resources, quotes, bookings and check-ins (R16, DESIGN 6.2); the booking service answers the same paths. */
@ApiTags('booking')
@ApiBearerAuth()
@UseGuards(JwtAuthGuard)
@Controller()
export class BookingController {
  constructor(@Inject(BOOKING_CLIENT) private readonly booking: ServiceClient) {}

  private async forward(req: AuthenticatedRequest, res: Response, method: 'GET' | 'POST' | 'PATCH', body?: unknown): Promise<void> {
    const headers = { 'idempotency-key': req.header('idempotency-key') };
    relayReply(await this.booking.call({ method, path: req.originalUrl, actor: req.actor, body, headers }), res);
  }

  @ApiRoute('POST', ApiRoutes.resources, {
    operationId: 'createResource',
    summary: 'Offer a room (per hour), desk (day pass), event (tickets) or product (items) with money and/or credit prices and a refund policy (location admins)',
    body: CreateResourceRequest,
    response: ResourceResponse,
  })
  async create(@Req() req: AuthenticatedRequest, @Res() res: Response, @Body() body: CreateResourceRequest): Promise<void> {
    await this.forward(req, res, 'POST', body);
  }

  @ApiRoute('GET', ApiRoutes.resources, {
    operationId: 'listResources',
    summary: 'Active resources (admins: archived with `status=archived`); people outside the location see events only',
    response: [ResourceResponse],
  })
  async list(@Req() req: AuthenticatedRequest, @Res() res: Response, @Query() _query: ResourcesQuery): Promise<void> {
    await this.forward(req, res, 'GET');
  }

  @ApiRoute('GET', ApiRoutes.resource, { operationId: 'getResource', summary: 'A resource', response: ResourceResponse })
  async one(@Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    await this.forward(req, res, 'GET');
  }

  @ApiRoute('PATCH', ApiRoutes.resource, {
    operationId: 'updateResource',
    summary: 'Edit an active resource; bookings made before keep their price and policy (location admins)',
    body: UpdateResourceRequest,
    response: ResourceResponse,
    conflict: 'The resource is archived (`.../resource-archived`), or the capacity is below the tickets sold (`.../capacity-below-sold`).',
  })
  async update(@Req() req: AuthenticatedRequest, @Res() res: Response, @Body() body: UpdateResourceRequest): Promise<void> {
    await this.forward(req, res, 'PATCH', body);
  }

  @ApiRoute('POST', ApiRoutes.resourceArchive, { operationId: 'archiveResource', summary: 'Withdraw a resource: nobody can book it any more (location admins)', response: ResourceResponse })
  async archive(@Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    await this.forward(req, res, 'POST');
  }

  @ApiRoute('GET', ApiRoutes.resourceQuote, {
    operationId: 'quoteResource',
    summary: 'What the caller pays for a room (`start`, `end`), a desk (`date`), tickets or products (`quantity`), and with which methods',
    description:
      'The plan’s resource discount lowers the money price, and the credit price only when the location’s `discountAppliesToCredits` is on. ' +
      'With credits off there is no credit price and no credit method. `companyId` prices for that company’s credits (its plan; members of it only). People outside the location pay money only.',
    response: QuoteResponse,
  })
  async quote(@Req() req: AuthenticatedRequest, @Res() res: Response, @Query() _query: QuoteQuery): Promise<void> {
    await this.forward(req, res, 'GET');
  }

  @ApiRoute('POST', ApiRoutes.bookings, {
    operationId: 'createBooking',
    summary: 'Book and pay: credits are held, then captured, and the booking is `confirmed`',
    body: CreateBookingRequest,
    response: BookingResponse,
    idempotent: true,
    conflict: TAKEN,
  })
  async book(@Req() req: AuthenticatedRequest, @Res() res: Response, @Body() body: CreateBookingRequest): Promise<void> {
    await this.forward(req, res, 'POST', body);
  }

  @ApiRoute('GET', ApiRoutes.bookings, { operationId: 'listBookings', summary: 'Bookings, newest first: your own (admins: any `userId`, or all)', response: [BookingResponse] })
  async listBookings(@Req() req: AuthenticatedRequest, @Res() res: Response, @Query() _query: BookingsQuery): Promise<void> {
    await this.forward(req, res, 'GET');
  }

  @ApiRoute('GET', ApiRoutes.booking, { operationId: 'getBooking', summary: 'A booking (its booker, admins)', response: BookingResponse })
  async oneBooking(@Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    await this.forward(req, res, 'GET');
  }

  @ApiRoute('POST', ApiRoutes.bookingCancel, {
    operationId: 'cancelBooking',
    summary: 'Cancel: the refund follows the resource’s policy at this instant, credits go back to the lots they came from; a second cancel changes nothing',
    status: 200,
    response: CancelBookingResponse,
    conflict: 'Not confirmed yet (`.../booking-in-progress`), failed (`.../not-cancellable`), or an order already fulfilled (`.../order-fulfilled`).',
  })
  async cancel(@Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    await this.forward(req, res, 'POST');
  }

  @ApiRoute('POST', ApiRoutes.bookingFulfill, {
    operationId: 'fulfillOrder',
    summary: 'Hand an order of products over: final from then on, it can no longer be cancelled and its stock stays sold; a second call changes nothing (location admins)',
    status: 200,
    response: BookingResponse,
    conflict: 'Not an order of products (`.../not-an-order`), not paid yet (`.../booking-in-progress`), or failed or cancelled (`.../not-fulfillable`).',
  })
  async fulfill(@Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    await this.forward(req, res, 'POST');
  }

  @ApiRoute('POST', ApiRoutes.checkIns, {
    operationId: 'checkIn',
    summary: 'A desk day pass, booked and paid like a booking; one per user per day',
    body: CheckInRequest,
    response: BookingResponse,
    idempotent: true,
    conflict: TAKEN,
  })
  async checkIn(@Req() req: AuthenticatedRequest, @Res() res: Response, @Body() body: CheckInRequest): Promise<void> {
    await this.forward(req, res, 'POST', body);
  }
}
