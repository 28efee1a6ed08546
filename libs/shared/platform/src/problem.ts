import { ArgumentsHost, Catch, HttpException, ParseUUIDPipe, ValidationPipe, type ExceptionFilter, type PipeTransform } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { JsonLogger } from './json-logger';
import { fieldProblemsOf, frameworkProblem, instanceOf, problemLogEntry, requireUserId } from './problem-answer';
import { PROBLEM_CONTENT_TYPE, PROBLEM_TYPE_BASE, ProblemException, Problems, type ProblemDetails } from './problem-details';
import { isConnectionLoss } from './connection-errors';
import { currentContext } from './request-context';

/** Validates DTOs strictly: unknown fields are errors, nothing is coerced (a number is not a string). */
export function strictValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    exceptionFactory: (errors) => Problems.validation(fieldProblemsOf(errors)),
  });
}

/**
 * Every error leaves as problem+json with `instance` and `correlationId`. Unexpected ones are logged
 * with their stack and never leak internals; a deliberate 5xx (not ready, a service or database
 * unreachable) is logged as a warning with its inner cause, which only the log shows.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  constructor(private readonly logger?: Pick<JsonLogger, 'write'>) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const answer = problemAnswer(exception, request.originalUrl ?? request.url, this.logger);
    const response = http.getResponse<Response>();
    for (const [name, value] of Object.entries(answer.headers)) response.setHeader(name, value);
    response.status(answer.status).type(PROBLEM_CONTENT_TYPE).send(answer.body);
  }
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
  if (exception instanceof HttpException) {
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

/** Path ids are UUIDs; anything else names nothing that exists. */
export const ParseIdPipe = (what: string) =>
  new ParseUUIDPipe({ exceptionFactory: () => Problems.notFound(`${what} does not exist`) });

/** A user id in a path (see requireUserId). */
export const ParseUserIdPipe: PipeTransform<string, string> = { transform: requireUserId };
