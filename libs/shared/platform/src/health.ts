import { Controller, Get, HttpCode, Inject, Module, type DynamicModule } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { ProblemException } from './problem-details';

export interface HealthCheck {
  readonly name: string;
  readonly check: () => Promise<boolean>;
}

export const HEALTH_CHECKS = Symbol('HEALTH_CHECKS');

async function withTimeout(check: () => Promise<boolean>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([check().catch(() => false), new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

@ApiExcludeController()
@Controller('health')
export class HealthController {
  constructor(@Inject(HEALTH_CHECKS) private readonly checks: HealthCheck[]) {}

  @Get('live')
  @HttpCode(200)
  live(): { status: string } {
    return { status: 'ok' };
  }

  /** Ready only when every dependency (database, broker, downstream services) answers. */
  @Get('ready')
  async ready(): Promise<{ status: string; checks: Record<string, string> }> {
    const results = await Promise.all(this.checks.map(async (c) => [c.name, await withTimeout(c.check, 2000)] as const));
    const checks = Object.fromEntries(results.map(([name, ok]) => [name, ok ? 'up' : 'down']));
    if (results.some(([, ok]) => !ok)) {
      throw new ProblemException(503, 'not-ready', 'Service not ready', `down: ${results.filter(([, ok]) => !ok).map(([n]) => n).join(', ')}`, { checks });
    }
    return { status: 'ready', checks };
  }
}

@Module({})
export class HealthModule {
  static register(checks: () => HealthCheck[]): DynamicModule {
    return { module: HealthModule, controllers: [HealthController], providers: [{ provide: HEALTH_CHECKS, useFactory: checks }] };
  }
}
