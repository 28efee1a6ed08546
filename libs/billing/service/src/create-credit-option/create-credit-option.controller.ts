import { BillingRoutes, CreateCreditOptionRequest, type CreditOptionResponse } from '@credits/contracts/http';
import { CurrentActor, ParseIdPipe, type RequestActor } from '@credits/platform';
import { Body, Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { BILLING_CLOCK, type BillingClock } from '../shared/billing.tokens';
import { CreateCreditOptionCommand } from './create-credit-option.handler';

@Controller(BillingRoutes.creditOptions)
export class CreateCreditOptionController {
  constructor(private readonly commands: CommandBus, @Inject(BILLING_CLOCK) private readonly clock: BillingClock) {}

  @Post()
  @HttpCode(201)
  async create(
    @CurrentActor() actor: RequestActor,
    @Param('locationId', ParseIdPipe('location')) locationId: string,
    @Body() body: CreateCreditOptionRequest,
  ): Promise<CreditOptionResponse> {
    return this.commands.execute(new CreateCreditOptionCommand(actor, locationId, body, this.clock.now()));
  }
}
