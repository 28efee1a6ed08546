import { userIdProblem } from '@credits/contracts';
import type { ValidationError } from 'class-validator';
import { STATUS_CODES } from 'node:http';
import type { LogLevel } from './json-logger';
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
