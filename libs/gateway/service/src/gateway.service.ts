import { createHttpApp, serveFastLane, type JsonLogger } from '@credits/platform';
import type { INestApplication } from '@nestjs/common';
import { AllowedOrigins } from './cors/allowed-origins';
import { corsPolicy } from './cors/cors-policy';
import { GatewayModule, type GatewayDeps } from './gateway.module';
import { methodNotAllowed } from './routing/declared-routes';
import { routesOf } from './routing/routes-of-app';
import { AccessTokenVerifier } from './auth/access-token.verifier';
import { creditsFastLane } from './credits/credits.fast-lane';
import type { ServiceClient } from './proxy/service-client';
import { LEDGER_CLIENT } from './proxy/services';

export interface GatewayAppOptions extends GatewayDeps {
  readonly logger: JsonLogger;
  /** origins browser apps may call from (CORS_ORIGINS); none when unset */
  readonly corsOrigins?: AllowedOrigins;
}

export async function createGatewayApp(options: GatewayAppOptions): Promise<INestApplication> {
  const app = await createHttpApp(GatewayModule.register(options), {
    logger: options.logger,
    cors: corsPolicy(options.corsOrigins ?? AllowedOrigins.none),
    // The public port: /metrics is a 404 here; the gateway's process serves it on METRICS_PORT.
    metricsRoute: false,
    docs: {
      title: 'Credits platform API',
      description: 'Public API of the credits platform (DESIGN section 6). Errors are RFC 9457 problem+json.',
      version: '1',
    },
  });
  // Ahead of the routes (registered when the app starts): a known path with another method is 405, not 404.
  app.use(methodNotAllowed(routesOf(app)));
  serveFastLane(app, creditsFastLane(app.get(AccessTokenVerifier), app.get<ServiceClient>(LEDGER_CLIENT)), { service: options.logger.service, logger: options.logger });
  return app;
}
