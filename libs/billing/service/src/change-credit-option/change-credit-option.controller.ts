import { BillingRoutes, UpdateCreditOptionRequest, type CreditOptionResponse } from '@credits/contracts/http';
import { CurrentActor, ParseIdPipe, Problems, type RequestActor } from '@credits/platform';
import { Body, Controller, Inject, Param, Patch } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { BILLING_CLOCK, type BillingClock } from '../shared/billing.tokens';
import { ChangeCreditOptionCommand } from './change-credit-option.handler';

@Controller(BillingRoutes.creditOption)
export class ChangeCreditOptionController {
  constructor(private readonly commands: CommandBus, @Inject(BILLING_CLOCK) private readonly clock: BillingClock) {}

  @Patch()
  async change(
    @CurrentActor() actor: RequestActor,
    @Param('locationId', ParseIdPipe('location')) locationId: string,
    @Param('optionId') optionId: string,
    @Body() body: UpdateCreditOptionRequest,
  ): Promise<CreditOptionResponse> {
    const fields = ['name', 'credits', 'price'] as const;
    if (fields.every((field) => body[field] === undefined)) throw Problems.nothingToChange(fields);
    return this.commands.execute(new ChangeCreditOptionCommand(actor, locationId, optionId, body, this.clock.now()));
  }
}
