import {
  ApiRoutes,
  BalanceQuery,
  DeductCreditsRequest,
  GrantCreditsRequest,
  TransactionsPage,
  TransactionsQuery,
  WalletBalanceResponse,
  WalletChangeResponse,
} from '@credits/contracts/http';
import { Body, Controller, Inject, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { JwtAuthGuard, type AuthenticatedRequest } from '../auth/jwt-auth.guard';
import { ApiRoute } from '../openapi/api-route.decorator';
import { receivedBytes, relayReply, type ServiceClient } from '../proxy/service-client';
import { LEDGER_CLIENT } from '../proxy/services';

/** What the user and company variants of each wallet operation share (DESIGN section 6: the same three routes). */
const BALANCE = {
  response: WalletBalanceResponse,
  description: 'Now from the projection; with `asOf`, rebuilt from the wallet’s events up to that instant (R18).',
} as const;
const GRANT = {
  body: GrantCreditsRequest,
  response: WalletChangeResponse,
  idempotent: true,
  conflict: 'Credits are turned off for the location (type `.../credits-disabled`).',
} as const;
const DEDUCTION = {
  body: DeductCreditsRequest,
  response: WalletChangeResponse,
  idempotent: true,
  description: 'Never below zero: either all of it or nothing.',
  conflict: 'Not enough credits of that kind (type `.../insufficient-credits`, with `requested`, `available`, `shortfall`).',
} as const;
const TRANSACTIONS = {
  response: TransactionsPage,
  description: 'Newest first, cursor-paginated. `asOf` shows the history as it stood at that instant; `type` keeps only those event types; `from` (inclusive) and `to` (exclusive) bound when the entries happened.',
} as const;

/**
 * Wallet routes; the ledger serves the same paths, authorizes from its membership projection and
 * validates the bodies of grants and deductions (the same DTOs): their plain case takes the fast
 * lane (credits.fast-lane.ts), which answers as these methods do. One method per route, so that each
 * operation has its own id in generated clients.
 */
@ApiTags('credits')
@ApiBearerAuth()
@UseGuards(JwtAuthGuard)
@Controller()
export class CreditsController {
  constructor(@Inject(LEDGER_CLIENT) private readonly ledger: ServiceClient) {}

  private async forward(req: AuthenticatedRequest, res: Response, method: 'GET' | 'POST', body?: unknown): Promise<void> {
    const reply = await this.ledger.call({
      method,
      path: req.originalUrl,
      actor: req.actor,
      body,
      rawBody: receivedBytes(req, body),
      headers: { 'idempotency-key': req.header('idempotency-key') },
    });
    relayReply(reply, res);
  }

  @ApiRoute('GET', ApiRoutes.userCredits, { ...BALANCE, operationId: 'getUserCredits', summary: 'A member’s balance by kind, with lots (that member, and admins)' })
  async userBalance(@Req() req: AuthenticatedRequest, @Res() res: Response, @Query() _query: BalanceQuery): Promise<void> {
    await this.forward(req, res, 'GET');
  }

  @ApiRoute('GET', ApiRoutes.companyCredits, {
    ...BALANCE,
    operationId: 'getCompanyCredits',
    summary: 'A company’s balance by kind, with lots (its members and managers, and admins)',
  })
  async companyBalance(@Req() req: AuthenticatedRequest, @Res() res: Response, @Query() _query: BalanceQuery): Promise<void> {
    await this.forward(req, res, 'GET');
  }

  @ApiRoute('POST', ApiRoutes.userCreditGrants, { ...GRANT, operationId: 'grantUserCredits', summary: 'Give a member credits (location admins)' })
  async grantUser(@Req() req: AuthenticatedRequest, @Res() res: Response, @Body() body: unknown): Promise<void> {
    await this.forward(req, res, 'POST', body);
  }

  @ApiRoute('POST', ApiRoutes.companyCreditGrants, { ...GRANT, operationId: 'grantCompanyCredits', summary: 'Give a company credits (location admins)' })
  async grantCompany(@Req() req: AuthenticatedRequest, @Res() res: Response, @Body() body: unknown): Promise<void> {
    await this.forward(req, res, 'POST', body);
  }

  @ApiRoute('POST', ApiRoutes.userCreditDeductions, { ...DEDUCTION, operationId: 'deductUserCredits', summary: 'Deduct credits from a member (location admins)' })
  async deductUser(@Req() req: AuthenticatedRequest, @Res() res: Response, @Body() body: unknown): Promise<void> {
    await this.forward(req, res, 'POST', body);
  }

  @ApiRoute('POST', ApiRoutes.companyCreditDeductions, { ...DEDUCTION, operationId: 'deductCompanyCredits', summary: 'Deduct credits from a company (location admins)' })
  async deductCompany(@Req() req: AuthenticatedRequest, @Res() res: Response, @Body() body: unknown): Promise<void> {
    await this.forward(req, res, 'POST', body);
  }

  @ApiRoute('GET', ApiRoutes.userCreditTransactions, { ...TRANSACTIONS, operationId: 'listUserTransactions', summary: 'A member’s wallet history (that member, and admins)' })
  async userTransactions(@Req() req: AuthenticatedRequest, @Res() res: Response, @Query() _query: TransactionsQuery): Promise<void> {
    await this.forward(req, res, 'GET');
  }

  @ApiRoute('GET', ApiRoutes.companyCreditTransactions, {
    ...TRANSACTIONS,
    operationId: 'listCompanyTransactions',
    summary: 'A company’s wallet history (its members and managers, and admins)',
  })
  async companyTransactions(@Req() req: AuthenticatedRequest, @Res() res: Response, @Query() _query: TransactionsQuery): Promise<void> {
    await this.forward(req, res, 'GET');
  }
}
