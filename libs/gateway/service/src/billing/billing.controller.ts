import {
  BillResponse,
  BillingRoutes,
  BillsQuery,
  CreateCreditOptionRequest,
  CreateCreditPurchaseRequest,
  CreditOptionOfferView,
  CreditOptionResponse,
  CreditOptionsQuery,
  CreditPurchaseResponse,
  CreditPurchasesQuery,
  UpdateCreditOptionRequest,
} from '@credits/contracts/http';
import { Body, Controller, Inject, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { JwtAuthGuard, type AuthenticatedRequest } from '../auth/jwt-auth.guard';
import { ApiRoute } from '../openapi/api-route.decorator';
import { receivedBytes, relayReply, type ServiceClient } from '../proxy/service-client';
import { BILLING_CLIENT } from '../proxy/services';

const CREDITS_DISABLED = 'Credits are turned off for the location (type `.../credits-disabled`).';

/** Credit options, credit purchases and bills (R10-R13); the billing service answers the same paths. */
@ApiTags('credit sales')
@ApiBearerAuth()
@UseGuards(JwtAuthGuard)
@Controller()
export class BillingController {
  constructor(@Inject(BILLING_CLIENT) private readonly billing: ServiceClient) {}

  private async forward(req: AuthenticatedRequest, res: Response, method: 'GET' | 'POST' | 'PATCH', body?: unknown): Promise<void> {
    const headers = { 'idempotency-key': req.header('idempotency-key') };
    relayReply(await this.billing.call({ method, path: req.originalUrl, actor: req.actor, body, rawBody: receivedBytes(req, body), headers }), res);
  }

  @ApiRoute('POST', BillingRoutes.creditOptions, {
    operationId: 'createCreditOption',
    summary: 'Offer N credits for a price in the location’s currency (location admins)',
    body: CreateCreditOptionRequest,
    response: CreditOptionResponse,
    conflict: CREDITS_DISABLED,
  })
  async createOption(@Req() req: AuthenticatedRequest, @Res() res: Response, @Body() body: CreateCreditOptionRequest): Promise<void> {
    await this.forward(req, res, 'POST', body);
  }

  @ApiRoute('GET', BillingRoutes.creditOptions, {
    operationId: 'listCreditOptions',
    summary: 'Credit options as the caller would buy them: `listPrice`, and `price` after their plan’s credit-option discount',
    description: 'Members see the active options; `companyId` prices them for that company’s wallet (its plan). Admins also see archived ones with `status=archived`. The discount is rounded half up to a minor unit; 100% makes the price 0 (buy with `free`).',
    response: [CreditOptionOfferView],
    conflict: CREDITS_DISABLED,
  })
  async listOptions(@Req() req: AuthenticatedRequest, @Res() res: Response, @Query() _query: CreditOptionsQuery): Promise<void> {
    await this.forward(req, res, 'GET');
  }

  @ApiRoute('PATCH', BillingRoutes.creditOption, {
    operationId: 'updateCreditOption',
    summary: 'Edit an active credit option; purchases made before keep what they bought (location admins)',
    body: UpdateCreditOptionRequest,
    response: CreditOptionResponse,
    conflict: `${CREDITS_DISABLED} Or the option is archived (type \`.../option-archived\`).`,
  })
  async updateOption(@Req() req: AuthenticatedRequest, @Res() res: Response, @Body() body: UpdateCreditOptionRequest): Promise<void> {
    await this.forward(req, res, 'PATCH', body);
  }

  @ApiRoute('POST', BillingRoutes.creditOptionArchive, {
    operationId: 'archiveCreditOption',
    summary: 'Withdraw a credit option: nobody can buy it any more (location admins)',
    response: CreditOptionResponse,
  })
  async archiveOption(@Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    await this.forward(req, res, 'POST');
  }

  @ApiRoute('POST', BillingRoutes.creditPurchases, {
    operationId: 'buyCredits',
    summary: 'Buy a credit option for your own wallet, or a company’s (its managers, and members allowed the corporate card)',
    description:
      '`card`: a Stripe PaymentIntent; the answer carries `payment.clientSecret` and the status is `awaiting_payment` until Stripe says the payment succeeded. ' +
      '`bill`: when the wallet holder’s plan allows it, a line on the holder’s open bill. `free`: when the discounted price is 0. ' +
      'Bill and free answer `completed` once the credits are in the wallet (permanent credits that remember their unit price). Purchases are final.',
    body: CreateCreditPurchaseRequest,
    response: CreditPurchaseResponse,
    idempotent: true,
    conflict:
      `${CREDITS_DISABLED} Or: the option is archived (\`.../option-archived\`), bill payment is not enabled by the plan (\`.../bill-payment-not-enabled\`), ` +
      '`free` for a price above 0 (`.../not-free`), `card`/`bill` for a price of 0 (`.../nothing-to-pay`), the company is archived (`.../company-archived`).',
  })
  async buy(@Req() req: AuthenticatedRequest, @Res() res: Response, @Body() body: CreateCreditPurchaseRequest): Promise<void> {
    await this.forward(req, res, 'POST', body);
  }

  @ApiRoute('GET', BillingRoutes.creditPurchases, {
    operationId: 'listCreditPurchases',
    summary: 'Credit purchases, newest first: by a user (`userId`, default your own) or into a company’s wallet (`companyId`, its managers); admins any',
    response: [CreditPurchaseResponse],
  })
  async listPurchases(@Req() req: AuthenticatedRequest, @Res() res: Response, @Query() _query: CreditPurchasesQuery): Promise<void> {
    await this.forward(req, res, 'GET');
  }

  @ApiRoute('GET', BillingRoutes.creditPurchase, {
    operationId: 'getCreditPurchase',
    summary: 'A credit purchase (its buyer, the managers of the company it was for, admins)',
    response: CreditPurchaseResponse,
  })
  async getPurchase(@Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    await this.forward(req, res, 'GET');
  }

  @ApiRoute('POST', BillingRoutes.creditPurchaseCancel, {
    operationId: 'cancelCreditPurchase',
    summary: 'Credit purchases are final: always 409 (type `.../purchase-final`), nothing changes (R13)',
    conflict: 'Always: credit purchases cannot be cancelled or refunded (type `.../purchase-final`).',
  })
  async cancelPurchase(@Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    await this.forward(req, res, 'POST');
  }

  @ApiRoute('GET', BillingRoutes.bills, {
    operationId: 'listBills',
    summary: 'Bills with their lines: your own (`userId`), a company’s (`companyId`, its managers); admins any, all without a filter',
    response: [BillResponse],
  })
  async listBills(@Req() req: AuthenticatedRequest, @Res() res: Response, @Query() _query: BillsQuery): Promise<void> {
    await this.forward(req, res, 'GET');
  }
}
