import type { LoggerService } from '@nestjs/common';
import { currentContext } from './request-context';

const LEVELS = { error: 0, warn: 1, info: 2, debug: 3 } as const;
export type LogLevel = keyof typeof LEVELS;

/** One JSON object per line on stdout, with the service name and the current correlation id. */
export class JsonLogger implements LoggerService {
  constructor(private readonly service: string, private readonly level: LogLevel = 'info') {}

  write(level: LogLevel, message: unknown, extra: object = {}): void {
    if (LEVELS[level] > LEVELS[this.level]) return;
    const line = {
      time: new Date().toISOString(),
      level,
      service: this.service,
      correlationId: currentContext()?.correlationId,
      message: message instanceof Error ? message.message : message,
      ...(message instanceof Error ? { stack: message.stack } : {}),
      ...extra,
    };
    process.stdout.write(`${JSON.stringify(line)}\n`);
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
