import { CreatePaymentRequest, INTERNAL_PAYMENTS_PATH, PaymentCreatedResponse } from '@credits/contracts/http';
import { CallingService } from '@credits/platform';
import { Body, Controller, HttpCode, Inject, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Response } from 'express';
import { PAYMENTS_CLOCK, type PaymentsClock } from '../shared/payments.tokens';
import { CreatePaymentCommand, type CreatePaymentResult } from './create-payment.handler';

/** Internal (billing, booking): a card payment for a purpose; 201 when created, 200 with the same body for a purpose that has it. */
@Controller(INTERNAL_PAYMENTS_PATH)
export class CreatePaymentController {
  constructor(private readonly commands: CommandBus, @Inject(PAYMENTS_CLOCK) private readonly clock: PaymentsClock) {}

  @Post()
  @HttpCode(201)
  async create(@CallingService() _service: string, @Body() body: CreatePaymentRequest, @Res({ passthrough: true }) res: Response): Promise<PaymentCreatedResponse> {
    const result = await this.commands.execute<CreatePaymentCommand, CreatePaymentResult>(new CreatePaymentCommand(body, this.clock()));
    if (!result.created) res.status(200);
    return result.response;
  }
}
