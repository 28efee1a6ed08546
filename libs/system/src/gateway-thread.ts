import { exposeBus, type MessageBus } from '@credits/messaging';
import type { LogLevel, MetricsSource } from '@credits/platform';
import { join } from 'node:path';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';

/** What the gateway's thread is started with: plain data, copied into the thread. */
export interface GatewayThreadData {
  readonly jwtSecret: string;
  /** CORS_ORIGINS as listed ('' for none) */
  readonly corsOrigins: string;
  readonly ledgerUrl: string;
  readonly membershipUrl: string;
  readonly paymentsUrl: string;
  readonly billingUrl: string;
  readonly bookingUrl: string;
  readonly internalSecret: string;
  readonly port: number;
  readonly logLevel: LogLevel;
  /** the bus of the main thread (exposeBus) */
  readonly busPort: MessagePort;
  /** the ledger's fast lane in the main thread (serveFastLaneOnPort) */
  readonly ledgerLanePort: MessagePort;
}

export type ToGatewayThread = { kind: 'metrics'; id: number } | { kind: 'stop' };
export type FromGatewayThread = { kind: 'listening'; port: number } | { kind: 'metrics'; id: number; metrics: Awaited<ReturnType<MetricsSource>> } | { kind: 'stopped' };

export interface GatewayThread {
  readonly url: string;
  /** the gateway's metrics (they live in its thread's registry) */
  readonly metrics: MetricsSource;
  /** Closes the gateway (it drains its requests) and ends the thread. */
  stop(): Promise<void>;
}

/**
 * The gateway in a worker thread of its own: embedded mode runs every service in one process, and
 * one thread caps it at one core while a request crosses two HTTP stacks (gateway, then service).
 * Its notification streams read the main thread's bus through a MessageChannel, and its wallet
 * calls take the ledger's fast lane over another (ledgerLanePort). If the thread
 * dies, the process does, as it would with the gateway in the main thread.
 */
export async function startGatewayThread(options: Omit<GatewayThreadData, 'busPort'>, bus: MessageBus): Promise<GatewayThread> {
  const channel = new MessageChannel();
  const servedBus = exposeBus(bus, channel.port1);
  const data: GatewayThreadData = { ...options, busPort: channel.port2 };
  // Evaluated, not a file path: the thread loads the entry through the same require hooks (TypeScript) as this one.
  const entry = join(__dirname, 'gateway-thread.worker');
  const worker = new Worker(`require(${JSON.stringify(entry)})`, { eval: true, workerData: data, transferList: [channel.port2, options.ledgerLanePort] });
  const metricsWaiting = new Map<number, (metrics: Awaited<ReturnType<MetricsSource>>) => void>();
  let nextMetricsId = 0;
  let stopping = false;

  const listening = new Promise<number>((resolve, reject) => {
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the gateway thread exited with ${code} before it listened`)));
    worker.on('message', (message: FromGatewayThread) => {
      if (message.kind === 'listening') resolve(message.port);
      else if (message.kind === 'metrics') {
        metricsWaiting.get(message.id)?.(message.metrics);
        metricsWaiting.delete(message.id);
      }
    });
  });
  let port: number;
  try {
    port = await listening;
  } catch (error) {
    await servedBus.close();
    await worker.terminate();
    throw error;
  }
  worker.removeAllListeners('error').removeAllListeners('exit');
  worker.once('error', (error) => {
    // What an uncaught exception in the gateway would do in the main thread.
    process.nextTick(() => {
      throw error;
    });
  });
  worker.once('exit', (code) => {
    if (!stopping) process.nextTick(() => {
      throw new Error(`the gateway thread exited with ${code}`);
    });
  });
  const post = (message: ToGatewayThread) => worker.postMessage(message);

  return {
    url: `http://127.0.0.1:${port}`,
    // A stopped thread has no metrics to give (and would never answer).
    metrics: () =>
      stopping ? Promise.resolve([]) : new Promise((resolve) => {
        const id = nextMetricsId++;
        metricsWaiting.set(id, resolve);
        post({ kind: 'metrics', id });
      }),
    stop: async () => {
      stopping = true;
      const stopped = new Promise<void>((resolve) => worker.on('message', (message: FromGatewayThread) => message.kind === 'stopped' && resolve()));
      post({ kind: 'stop' });
      await stopped;
      await worker.terminate();
      await servedBus.close();
    },
  };
}
