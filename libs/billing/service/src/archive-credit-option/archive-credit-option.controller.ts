import { BillingRoutes, type CreditOptionResponse } from '@credits/contracts/http';
import { CurrentActor, ParseIdPipe, type RequestActor } from '@credits/platform';
import { Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { BILLING_CLOCK, type BillingClock } from '../shared/billing.tokens';
import { ArchiveCreditOptionCommand } from './archive-credit-option.handler';

@Controller(BillingRoutes.creditOptionArchive)
export class ArchiveCreditOptionController {
  constructor(private readonly commands: CommandBus, @Inject(BILLING_CLOCK) private readonly clock: BillingClock) {}

  @Post()
  @HttpCode(200)
  async archive(
    @CurrentActor() actor: RequestActor,
    @Param('locationId', ParseIdPipe('location')) locationId: string,
    @Param('optionId') optionId: string,
  ): Promise<CreditOptionResponse> {
    return this.commands.execute(new ArchiveCreditOptionCommand(actor, locationId, optionId, this.clock.now()));
  }
}
