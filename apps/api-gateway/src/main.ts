import 'reflect-metadata';
import { createGatewayApp } from '@credits/gateway-service';
import { ConfigError, JsonLogger, closeOnSignals, loadConfig, oneOf, port, secret, url } from '@credits/platform';

async function main(): Promise<void> {
  const config = loadConfig({
    PORT: port('HTTP port of the public API', '3000'),
    JWT_SECRET: secret('HS256 secret that signs access tokens', 32),
    LEDGER_URL: url('base URL of the ledger service', ['http:', 'https:'], 'http://localhost:3001'),
    MEMBERSHIP_URL: url('base URL of the membership service', ['http:', 'https:'], 'http://localhost:3002'),
    LOG_LEVEL: oneOf('log level', ['error', 'warn', 'info', 'debug'] as const, 'info'),
  });
  const logger = new JsonLogger('api-gateway', config.LOG_LEVEL);
  const app = await createGatewayApp({ jwtSecret: config.JWT_SECRET, ledgerUrl: config.LEDGER_URL, membershipUrl: config.MEMBERSHIP_URL, logger });
  await app.listen(config.PORT);
  logger.write('info', `api-gateway listening on ${config.PORT}, docs at /docs`);
  closeOnSignals(() => app.close(), logger);
}

main().catch((error) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : error?.stack ?? error}\n`);
  process.exit(1);
});
