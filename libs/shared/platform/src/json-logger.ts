import type { LoggerService } from '@nestjs/common';
import pino, { type DestinationStream, type Logger } from 'pino';
import { currentContext } from './request-context';

export type LogLevel = 'error' | 'warn' | 'info' | 'debug';

// One stdout for every logger of a thread, written asynchronously: process.stdout writes each line
// synchronously when it is a file or pipe, which was 10-20% of the gateway's CPU under load. Lines
// go out together once 3 KiB are waiting, or 100 ms after the last write at the latest: a system
// call per line was 5-7% of a service's CPU. Writes stay within PIPE_BUF (4 KiB), so the lines of
// two threads sharing stdout never interleave on a pipe. pino flushes at exit.
let stdout: DestinationStream | undefined;
const sharedStdout = () => (stdout ??= pino.destination({ dest: 1, sync: false, minLength: 3072, maxWrite: 4096, periodicFlush: 100 }));

/** Writes out the lines still queued: a worker thread ends without the process's exit flush. */
export function flushLogs(): Promise<void> {
  const destination = stdout as (DestinationStream & { flush?(cb: (error?: Error) => void): void }) | undefined;
  return new Promise((resolve) => (destination?.flush ? destination.flush(() => resolve()) : resolve()));
}

/** One JSON object per line on stdout, with the service name and the current correlation id. */
export class JsonLogger implements LoggerService {
  private readonly pino: Logger<never, false>;

  constructor(readonly service: string, level: LogLevel = 'info') {
    this.pino = pino(
      {
        level,
        base: { service },
        messageKey: 'message',
        timestamp: pino.stdTimeFunctions.isoTime,
        formatters: { level: (label) => ({ level: label }) },
      },
      sharedStdout(),
    );
  }

  write(level: LogLevel, message: unknown, extra: object = {}): void {
    if (!this.pino.isLevelEnabled(level)) return;
    const error = message instanceof Error ? { message: message.message, stack: message.stack } : { message };
    this.pino[level]({ correlationId: currentContext()?.correlationId, ...error, ...extra });
  }

  log(message: unknown, context?: string): void {
    this.write('info', message, context ? { context } : {});
  }
  error(message: unknown, trace?: string, context?: string): void {
    this.write('error', message, { ...(trace ? { trace } : {}), ...(context ? { context } : {}) });
  }
  warn(message: unknown, context?: string): void {
    this.write('warn', message, context ? { context } : {});
  }
  debug(message: unknown, context?: string): void {
    this.write('debug', message, context ? { context } : {});
  }
  verbose(message: unknown, context?: string): void {
    this.write('debug', message, context ? { context } : {});
  }
}
