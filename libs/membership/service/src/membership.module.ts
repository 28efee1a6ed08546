import type { EventEnvelope } from '@credits/contracts';
import { CheckpointedProcessor } from '@credits/event-store';
import { Outbox, createRelay, type MessageBus, type OutboxEntry } from '@credits/messaging';
import { HealthModule, type JsonLogger } from '@credits/platform';
import { Module, type DynamicModule, type OnApplicationBootstrap, type OnApplicationShutdown, Inject } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import { AddMemberController } from './add-member/add-member.controller';
import { AddMemberHandler } from './add-member/add-member.handler';
import { ChangeLocationSettingsController } from './change-location-settings/change-location-settings.controller';
import { ChangeLocationSettingsHandler } from './change-location-settings/change-location-settings.handler';
import { CreateLocationController } from './create-location/create-location.controller';
import { CreateLocationHandler } from './create-location/create-location.handler';
import { MEMBERSHIP_POOL, MEMBERSHIP_SCHEMA } from './shared/membership.tokens';
import { ViewLocationController } from './view-location/view-location.controller';

export interface MembershipDeps {
  readonly pool: Pool;
  readonly bus: MessageBus;
  readonly logger: JsonLogger;
}

const MEMBERSHIP_RELAY = Symbol('MEMBERSHIP_RELAY');

/** Starts the outbox relay with the app and stops it (after its in-flight batch) on shutdown. */
class RelayLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(@Inject(MEMBERSHIP_RELAY) private readonly relay: CheckpointedProcessor<OutboxEntry>) {}
  onApplicationBootstrap(): void {
    this.relay.start();
  }
  async onApplicationShutdown(): Promise<void> {
    await this.relay.stop();
  }
}

@Module({})
export class MembershipModule {
  static register(deps: MembershipDeps): DynamicModule {
    const outbox = new Outbox(MEMBERSHIP_SCHEMA);
    return {
      module: MembershipModule,
      imports: [
        CqrsModule.forRoot(),
        HealthModule.register(() => [
          { name: 'database', check: async () => (await deps.pool.query('SELECT 1')).rowCount === 1 },
          { name: 'broker', check: () => deps.bus.isReady() },
        ]),
      ],
      controllers: [CreateLocationController, ChangeLocationSettingsController, AddMemberController, ViewLocationController],
      providers: [
        { provide: MEMBERSHIP_POOL, useValue: deps.pool },
        {
          provide: MEMBERSHIP_RELAY,
          useFactory: () =>
            createRelay<OutboxEntry>({
              pool: deps.pool,
              schema: MEMBERSHIP_SCHEMA,
              name: 'outbox-relay',
              bus: deps.bus,
              read: (client, after, limit) => outbox.readCommitted(client, after, limit),
              toMessage: (entry) => ({ topic: entry.topic, envelope: entry.envelope as EventEnvelope }),
              onError: (error) => deps.logger.write('error', 'membership outbox relay failed', { error: String(error) }),
            }),
        },
        RelayLifecycle,
        CreateLocationHandler,
        ChangeLocationSettingsHandler,
        AddMemberHandler,
      ],
    };
  }
}
