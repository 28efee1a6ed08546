import { DeductCreditsRequest, GrantCreditsRequest, TransactionsPage, TransactionsQuery, WalletBalanceResponse } from '@credits/contracts/http';
import { Body, Controller, Get, Inject, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { JwtAuthGuard, type AuthenticatedRequest } from '../auth/jwt-auth.guard';
import { relayReply, type ServiceClient } from '../proxy/service-client';
import { LEDGER_CLIENT } from '../proxy/services';

const USER_WALLET = 'v1/locations/:locationId/users/:userId/credits';
const COMPANY_WALLET = 'v1/locations/:locationId/companies/:companyId/credits';
/** Member and company wallets answer the same routes (DESIGN section 6). */
const wallets = (suffix = '') => [`${USER_WALLET}${suffix}`, `${COMPANY_WALLET}${suffix}`];
const IDEMPOTENCY_HEADER = {
  name: 'Idempotency-Key',
  required: true,
  description: 'unique per intended change; a retry with the same key and body returns the first response',
};

/** Wallet routes; the ledger serves the same paths and authorizes from its membership projection. */
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
      headers: { 'idempotency-key': req.header('idempotency-key') },
    });
    relayReply(reply, res);
  }

  @Get(wallets())
  @ApiOperation({ summary: 'Balance by kind with lots (the member, or the company’s members and managers; admins)' })
  @ApiOkResponse({ type: WalletBalanceResponse })
  async balance(@Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    await this.forward(req, res, 'GET');
  }

  @Post(wallets('/grants'))
  @ApiOperation({ summary: 'Give credits (location admins)' })
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiCreatedResponse({ type: WalletBalanceResponse })
  async grant(@Req() req: AuthenticatedRequest, @Res() res: Response, @Body() body: GrantCreditsRequest): Promise<void> {
    await this.forward(req, res, 'POST', body);
  }

  @Post(wallets('/deductions'))
  @ApiOperation({ summary: 'Deduct credits, never below zero (location admins); 409 with the shortfall' })
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiCreatedResponse({ type: WalletBalanceResponse })
  async deduct(@Req() req: AuthenticatedRequest, @Res() res: Response, @Body() body: DeductCreditsRequest): Promise<void> {
    await this.forward(req, res, 'POST', body);
  }

  @Get(wallets('/transactions'))
  @ApiOperation({ summary: 'Wallet history, newest first, cursor-paginated; asOf limits it to a past instant; filter by type and from/to' })
  @ApiOkResponse({ type: TransactionsPage })
  async transactions(@Req() req: AuthenticatedRequest, @Res() res: Response, @Query() _query: TransactionsQuery): Promise<void> {
    await this.forward(req, res, 'GET');
  }
}
