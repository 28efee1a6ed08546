import { createHttpApp, type JsonLogger } from '@credits/platform';
import type { INestApplication } from '@nestjs/common';
import { GatewayModule, type GatewayDeps } from './gateway.module';

export async function createGatewayApp(deps: GatewayDeps & { logger: JsonLogger }): Promise<INestApplication> {
  return createHttpApp(GatewayModule.register(deps), {
    logger: deps.logger,
    docs: {
      title: 'Credits platform API',
      description: 'Public API of the credits platform (DESIGN section 6). Errors are RFC 9457 problem+json.',
      version: '1',
    },
  });
}
