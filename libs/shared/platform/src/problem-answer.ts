import { userIdProblem } from '@credits/contracts';
import type { ValidationError } from 'class-validator';
import { STATUS_CODES } from 'node:http';
import type { JsonLogger, LogLevel } from './json-logger';
import { isConnectionLoss } from './connection-errors';
import { currentContext } from './request-context';
import { PROBLEM_TYPE_BASE, ProblemException, Problems, type FieldProblem, type ProblemDetails } from './problem-details';

/** The framework-free decisions of the problem filter (problem.ts): what a caller gets, what the log gets. */

/** Field-level reasons of failed DTO validation: one entry per field and reason, nested fields as `a.b`. */
export function fieldProblemsOf(errors: ValidationError[]): FieldProblem[] {
  const seen = new Set<string>();
  return flatten(errors).filter(({ field, reason }) => {
    const key = `${field}\n${reason}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function flatten(errors: ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((reason) => ({ field, reason }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/**
 * An error the HTTP framework raised (unknown route, body too large or not JSON, undecodable path),
 * titled by its status ("Payload too large"), never by its class name.
 */
export function frameworkProblem(status: number, detail: string, cause: unknown, instance: string): ProblemDetails {
  if (status === 400 && cause instanceof URIError) {
    return Problems.validation([{ field: 'path', reason: 'must be valid percent-encoded UTF-8' }]).toProblem(instance);
  }
  if (status === 400 && /JSON/i.test(detail)) return Problems.validation([{ field: 'body', reason: 'must be valid JSON' }]).toProblem(instance);
  const name = STATUS_CODES[status] ?? `HTTP ${status}`;
  const code = name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  return { type: `${PROBLEM_TYPE_BASE}${code}`, title: name.charAt(0) + name.slice(1).toLowerCase(), status, detail, instance };
}

/** The `instance` of a request's problem: its path and query, without the scheme and host of an absolute-form target. */
export function instanceOf(target: string): string {
  if (target.startsWith('/')) return target;
  try {
    const { pathname, search } = new URL(target);
    return `${pathname}${search}`;
  } catch {
    return '/';
  }
}

export interface LogEntry {
  readonly level: LogLevel;
  readonly message: unknown;
  readonly extra?: object;
}

/**
 * How a 5xx is logged. A bug (a generic 500) with its stack, as an error. A deliberate answer (not
 * ready, a service or database unreachable) as a warning without a stack, with the chain of inner
 * causes that the answer leaves out because it names internal addresses.
 */
export function problemLogEntry(exception: unknown, problem: ProblemDetails): LogEntry | undefined {
  if (problem.status < 500) return undefined;
  if (!(exception instanceof ProblemException) && problem.type === `${PROBLEM_TYPE_BASE}internal`) return { level: 'error', message: exception };
  const causes: string[] = [];
  for (let cause = exception instanceof ProblemException ? exception.cause : exception; cause instanceof Error && causes.length < 5; cause = cause.cause) {
    causes.push(cause.message);
  }
  return {
    level: 'warn',
    message: `${problem.status} ${problem.title}: ${problem.detail ?? ''}`,
    extra: { path: problem.instance, ...(causes.length > 0 ? { cause: causes.join(': ') } : {}) },
  };
}

/** A user id in a path, by the one user-id rule of the request bodies: 400 with its reason otherwise. */
export function requireUserId(value: string | undefined): string {
  const problem = userIdProblem(value);
  if (problem || value === undefined) throw Problems.validation([{ field: 'userId', reason: `userId ${problem}` }]);
  return value;
}

/** What a request that failed with `exception` answers (problem+json), logged as problemLogEntry says. */
export function problemAnswer(exception: unknown, target: string, logger?: Pick<JsonLogger, 'write'>): { status: number; headers: Record<string, string>; body: string } {
  const problem = toProblem(exception, instanceOf(target));
  const log = problemLogEntry(exception, problem);
  if (log) logger?.write(log.level, log.message, log.extra);
  return {
    status: problem.status,
    headers: problem.status === 503 ? { 'retry-after': '5' } : {},
    body: JSON.stringify({ ...problem, correlationId: currentContext()?.correlationId }),
  };
}

function toProblem(exception: unknown, instance: string): ProblemDetails {
  if (exception instanceof ProblemException) return exception.toProblem(instance);
  if (isHttpException(exception)) {
    const status = exception.getStatus();
    const body = exception.getResponse();
    const detail = typeof body === 'string' ? body : String((body as { message?: unknown }).message ?? exception.message);
    return frameworkProblem(status, detail, exception.cause, instance);
  }
  if (isConnectionLoss(exception)) {
    // The same request may work shortly; a command retried with its Idempotency-Key takes effect at most once.
    return Problems.unavailable('a database or message broker this service needs is unreachable; retry shortly').toProblem(instance);
  }
  return { type: `${PROBLEM_TYPE_BASE}internal`, title: 'Internal error', status: 500, detail: 'An unexpected error occurred', instance };
}

/** Nest's HttpException (the router's 404, the body parser's 413), known by its shape: this file stays framework-free. */
function isHttpException(error: unknown): error is Error & { getStatus(): number; getResponse(): string | object } {
  return error instanceof Error && typeof (error as { getStatus?: unknown }).getStatus === 'function' && typeof (error as { getResponse?: unknown }).getResponse === 'function';
}
