import 'reflect-metadata';
import { AllowedOrigins, createGatewayApp } from '@credits/gateway-service';
import { PortMessageBus } from '@credits/messaging';
import { FastLaneClient, JsonLogger, flushLogs, metricsRegistry, startTracing, stopTracing } from '@credits/platform';
import { parentPort, workerData } from 'node:worker_threads';
import type { FromGatewayThread, GatewayThreadData, ToGatewayThread } from './gateway-thread';

/** The gateway thread's entry (startGatewayThread): the gateway app, listening on its port. */
async function main(options: GatewayThreadData, parent: NonNullable<typeof parentPort>): Promise<void> {
  const post = (message: FromGatewayThread) => parent.postMessage(message);
  // Tracing is per thread: the main thread's provider and context manager do not reach this one.
  startTracing('credits-embedded');
  const logger = new JsonLogger('api-gateway', options.logLevel);
  const bus = new PortMessageBus(options.busPort);
  const app = await createGatewayApp({
    auth: { hs256Secret: options.jwtSecret },
    corsOrigins: options.corsOrigins ? AllowedOrigins.parse(options.corsOrigins) : AllowedOrigins.none,
    ledgerUrl: options.ledgerUrl,
    membershipUrl: options.membershipUrl,
    paymentsUrl: options.paymentsUrl,
    billingUrl: options.billingUrl,
    bookingUrl: options.bookingUrl,
    internalSecret: options.internalSecret,
    ledgerFastLane: new FastLaneClient(options.ledgerLanePort),
    notifications: { bus, logger },
    logger,
  });
  await app.listen(options.port);
  parent.on('message', (message: ToGatewayThread) => {
    if (message.kind === 'metrics') {
      void metricsRegistry.getMetricsAsJSON().then((metrics) => post({ kind: 'metrics', id: message.id, metrics }));
      return;
    }
    void (async () => {
      await app.close();
      await bus.close();
      await stopTracing();
      await flushLogs();
      post({ kind: 'stopped' });
    })();
  });
  post({ kind: 'listening', port: (app.getHttpServer().address() as { port: number }).port });
}

main(workerData as GatewayThreadData, parentPort!).catch((error) => {
  // The thread's 'error' event: startGatewayThread rejects with it, or ends the process.
  setImmediate(() => {
    throw error;
  });
});
