import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

export interface Child {
  readonly process: ChildProcess;
  /** SIGTERM, then wait for the exit (a CPU profile is written on exit) */
  stop(): Promise<void>;
}

/**
 * `node <args>` in a process of its own, its output into `logFile` (a pipe the benchmark drains,
 * as a terminal or log collector would), resolving once `ready` matches its stdout.
 */
export async function startChild(args: string[], options: { env: NodeJS.ProcessEnv; logFile: string; ready: RegExp; timeoutMs?: number }): Promise<{ child: Child; match: RegExpMatchArray }> {
  const entry = args[args.length - 1];
  const child = spawn(process.execPath, args, { env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
  const log = createWriteStream(options.logFile);
  child.stdout!.pipe(log, { end: false });
  child.stderr!.pipe(log, { end: false });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    }
    log.end();
  };
  const match = await new Promise<RegExpMatchArray>((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => {
      // Not left running (with its database) behind a failed run.
      child.kill('SIGTERM');
      reject(new Error(`${entry} not ready after ${options.timeoutMs ?? 120_000} ms (see ${options.logFile})`));
    }, options.timeoutMs ?? 120_000);
    const onData = (chunk: Buffer) => {
      seen = (seen + chunk.toString('utf8')).slice(-8192);
      const found = seen.match(options.ready);
      if (found) {
        clearTimeout(timer);
        child.stdout!.off('data', onData);
        resolve(found);
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${entry} exited (${code}) before it was ready (see ${options.logFile})`));
    });
  });
  return { child: { process: child, stop }, match };
}
