import { Topics, type EventEnvelope, type PlanPeriodEnded, type PlanPeriodStarted } from '@credits/contracts';
import type { MessageBus, Subscription } from '@credits/messaging';
import type { JsonLogger } from '@credits/platform/core';
import type { Pool } from 'pg';
import type { WalletCommandExecutor } from '../wallets/wallet-command.executor';
import { PlanPeriodReactions } from './plan-period.reactions';
import { subscribeReactions } from '../event-reactions/reaction-subscription';

export const PLAN_PERIOD_CONSUMER = 'ledger.plan-period-reactions';

export function subscribeToPlanPeriods(pool: Pool, bus: MessageBus, executor: WalletCommandExecutor, logger: JsonLogger): Promise<Subscription> {
  const reactions = new PlanPeriodReactions(executor);
  return subscribeReactions({
    pool,
    bus,
    logger,
    consumer: PLAN_PERIOD_CONSUMER,
    topics: [Topics.membership],
    reactions: {
      PlanPeriodStarted: (client, envelope) => reactions.started(client, envelope as EventEnvelope & { data: PlanPeriodStarted['data'] }),
      PlanPeriodEnded: (client, envelope) => reactions.ended(client, envelope as EventEnvelope & { data: PlanPeriodEnded['data'] }),
    },
  });
}
