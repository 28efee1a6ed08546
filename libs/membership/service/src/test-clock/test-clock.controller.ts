import { CallingService } from '@credits/platform';
import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { IsInt, Min } from 'class-validator';
import { MEMBERSHIP_CLOCK, type MembershipClock } from '../shared/membership-clock';
import { PLAN_PERIOD_SCHEDULER } from '../shared/membership.tokens';
import type { PlanPeriodScheduler } from '../plan-periods/plan-period.scheduler';

export class MoveClockRequest {
  /** how far ahead of the system time the service's clock runs from now on (it never goes back) */
  @IsInt()
  @Min(0)
  offsetMs: number;
}

/**
 * Test only (registered when ENABLE_TEST_CLOCK=true): moves the service's clock forward and runs
 * the scheduler at once, so end-to-end tests cross plan period boundaries without waiting.
 */
@ApiExcludeController()
@Controller('internal/clock')
export class TestClockController {
  constructor(
    @Inject(MEMBERSHIP_CLOCK) private readonly clock: MembershipClock,
    @Inject(PLAN_PERIOD_SCHEDULER) private readonly scheduler: PlanPeriodScheduler,
  ) {}

  @Post()
  @HttpCode(200)
  async move(@CallingService() _caller: string, @Body() body: MoveClockRequest): Promise<{ now: string; offsetMs: number; boundaries: number }> {
    this.clock.advanceTo(body.offsetMs);
    const run = await this.scheduler.runOnce();
    return { now: this.clock.now().toISOString(), offsetMs: this.clock.offset, ...run };
  }
}
