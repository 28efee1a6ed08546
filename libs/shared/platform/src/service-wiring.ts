import { Inject, type DynamicModule, type OnApplicationBootstrap, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import { InternalCallersModule } from './actor';
import { HealthModule } from './health';

/** Work that runs beside a service's API: an outbox relay, a timer, the consumers' subscriptions. */
export interface BackgroundWork {
  start(): void | Promise<void>;
  stop(): Promise<void>;
}

/** What the wiring reads of a service's dependencies. */
export interface WiredServiceDeps {
  readonly internalSecret: string;
  /** checked by /health/ready, as the broker is */
  readonly pool: { query(sql: string): Promise<{ rowCount: number | null }> };
  readonly bus: { isReady(): Promise<boolean> };
}

const BACKGROUND_WORK = Symbol('BACKGROUND_WORK');

class BackgroundWorkLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(@Inject(BACKGROUND_WORK) private readonly work: readonly BackgroundWork[]) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const work of this.work) await work.start();
  }

  // What started last depends on what started first (consumers on the relay): it stops first, after its in-flight work.
  async onApplicationShutdown(): Promise<void> {
    for (const work of [...this.work].reverse()) await work.stop();
  }
}

/**
 * What every service with an outbox wires alike: its internal callers, /health (database, broker),
 * and its background work (`work`), started with the app in the order given and stopped on shutdown
 * in the reverse one.
 */
export function serviceWiring(service: string, deps: WiredServiceDeps, work: readonly BackgroundWork[]): { imports: DynamicModule[]; providers: Provider[] } {
  return {
    imports: [
      InternalCallersModule.register({ secret: deps.internalSecret, audience: service }),
      HealthModule.register(() => [
        { name: 'database', check: async () => (await deps.pool.query('SELECT 1')).rowCount === 1 },
        { name: 'broker', check: () => deps.bus.isReady() },
      ]),
    ],
    providers: [{ provide: BACKGROUND_WORK, useValue: work }, BackgroundWorkLifecycle],
  };
}
