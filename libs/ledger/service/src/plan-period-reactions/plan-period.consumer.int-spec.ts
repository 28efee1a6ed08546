import { Sources, Topics, walletIdFor, type EventEnvelope, type PlanPeriodEnded, type PlanPeriodStarted } from '@credits/contracts';
import { balanceOf } from '@credits/ledger-domain';
import { KafkaMessageBus, type Subscription } from '@credits/messaging';
import { JsonLogger } from '@credits/platform/core';
import { kafkaBrokers } from '@credits/test-infra';
import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { eventCount, ledgerTestDatabase } from '../testing/ledger-test-database';
import { testEnvelope, waitUntilHandled } from '../testing/reaction-test-kit';
import type { WalletCommandExecutor } from '../wallets/wallet-command.executor';
import { loadWallet } from '../wallets/wallet.store';
import { PLAN_PERIOD_CONSUMER, subscribeToPlanPeriods } from './plan-period.consumer';

const LOCATION = 'loc-plans';
const holder = { type: 'user', id: 'erin' } as const;
const walletId = walletIdFor({ locationId: LOCATION, ownerType: 'user', ownerId: 'erin' });
const actor = { type: 'system', id: 'membership' } as const;
const period = (periodId: string, startsAt: string, endsAt: string) => ({
  locationId: LOCATION,
  occurredAt: startsAt,
  actor,
  periodId,
  assignmentId: 'assignment-1',
  planId: 'plan-1',
  holder,
  startsAt,
  endsAt,
});

function envelope<T extends PlanPeriodStarted | PlanPeriodEnded>(type: T['type'], data: T['data']): EventEnvelope {
  return testEnvelope(Sources.membership, type, LOCATION, data);
}

describe('plan period reactions through real Kafka', () => {
  let pool: Pool;
  let executor: WalletCommandExecutor;
  let bus: KafkaMessageBus;
  let subscription: Subscription;

  beforeAll(async () => {
    ({ pool, executor } = await ledgerTestDatabase('ledger-plans'));
    bus = new KafkaMessageBus({ brokers: kafkaBrokers(), clientId: 'plan-period-test', namespace: `plans-${randomUUID().slice(0, 8)}.` });
    subscription = await subscribeToPlanPeriods(pool, bus, executor, new JsonLogger('test', 'error'));
  });

  afterAll(async () => {
    await subscription.stop();
    await bus.close();
    await pool.end();
  });

  const handled = (ids: readonly string[]) => waitUntilHandled(pool, PLAN_PERIOD_CONSUMER, ids);

  it('grants the allowance once, expires the leftover once, and rolls over up to the cap, each message delivered twice', async () => {
    const started = envelope<PlanPeriodStarted>('PlanPeriodStarted', {
      ...period('p1', '2026-03-01T00:00:00.000Z', '2026-04-01T00:00:00.000Z'),
      allowance: 2000,
      previousPeriodId: null,
      rollover: { mode: 'none', value: 0 },
    });
    await bus.publish(Topics.membership, [started, started]);
    await handled([started.id]);
    expect(await eventCount(pool, walletId, 'CreditsGranted')).toBe(1);
    const granted = await loadWallet(pool, walletId);
    expect(granted.lots).toMatchObject([{ kind: 'expiring', remaining: 2000, expiresAt: '2026-04-01T00:00:00.000Z', planPeriodId: 'p1', source: 'plan' }]);

    const ended = envelope<PlanPeriodEnded>('PlanPeriodEnded', { ...period('p1', '2026-03-01T00:00:00.000Z', '2026-04-01T00:00:00.000Z'), endedAt: '2026-04-01T00:00:00.000Z' });
    const next = envelope<PlanPeriodStarted>('PlanPeriodStarted', {
      ...period('p2', '2026-04-01T00:00:00.000Z', '2026-05-01T00:00:00.000Z'),
      allowance: 2000,
      previousPeriodId: 'p1',
      rollover: { mode: 'credits', value: 1500 },
    });
    await bus.publish(Topics.membership, [ended, ended, next, next]);
    await handled([ended.id, next.id]);
    expect(await eventCount(pool, walletId, 'CreditsExpired')).toBe(1);
    expect(await eventCount(pool, walletId, 'CreditsGranted')).toBe(3);
    const wallet = await loadWallet(pool, walletId);
    expect(balanceOf(wallet, '2026-04-02T00:00:00.000Z')).toMatchObject({ balance: 3500, expiring: 3500 });
    expect(wallet.lots.filter((lot) => lot.planPeriodId === 'p2').map((lot) => [lot.source, lot.granted])).toEqual([
      ['plan', 2000],
      ['rollover', 1500],
    ]);
  });

});
