import { ArgumentsHost, Catch, ParseUUIDPipe, ValidationPipe, type ExceptionFilter, type PipeTransform } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { JsonLogger } from './json-logger';
import { fieldProblemsOf, problemAnswer, requireUserId } from './problem-answer';
import { PROBLEM_CONTENT_TYPE, Problems } from './problem-details';
import { rememberValidationRules } from './validation-rules.cache';

/** Validates DTOs strictly: unknown fields are errors, nothing is coerced (a number is not a string). */
export function strictValidationPipe(): ValidationPipe {
  rememberValidationRules();
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

/** Path ids are UUIDs; anything else names nothing that exists. */
export const ParseIdPipe = (what: string) =>
  new ParseUUIDPipe({ exceptionFactory: () => Problems.notFound(`${what} does not exist`) });

/** A user id in a path (see requireUserId). */
export const ParseUserIdPipe: PipeTransform<string, string> = { transform: requireUserId };
