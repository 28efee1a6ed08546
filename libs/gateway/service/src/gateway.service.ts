import { createHttpApp, type JsonLogger } from '@credits/platform';
import type { INestApplication } from '@nestjs/common';
import { AllowedOrigins } from './cors/allowed-origins';
import { corsPolicy } from './cors/cors-policy';
import { GatewayModule, type GatewayDeps } from './gateway.module';

export interface GatewayAppOptions extends GatewayDeps {
  readonly logger: JsonLogger;
  /** origins browser apps may call from (CORS_ORIGINS); none when unset */
  readonly corsOrigins?: AllowedOrigins;
}

export async function createGatewayApp(options: GatewayAppOptions): Promise<INestApplication> {
  return createHttpApp(GatewayModule.register(options), {
    logger: options.logger,
    cors: corsPolicy(options.corsOrigins ?? AllowedOrigins.none),
    docs: {
      title: 'Credits platform API',
      description: 'Public API of the credits platform (DESIGN section 6). Errors are RFC 9457 problem+json.',
      version: '1',
    },
  });
}
