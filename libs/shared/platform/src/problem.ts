import { ArgumentsHost, Catch, HttpException, HttpStatus, ParseUUIDPipe, ValidationPipe, type ExceptionFilter, type PipeTransform, type ValidationError } from '@nestjs/common';
import type { Request, Response } from 'express';
import { PROBLEM_CONTENT_TYPE, PROBLEM_TYPE_BASE, ProblemException, Problems, type FieldProblem, type ProblemDetails } from './problem-details';
import { isConnectionLoss } from './connection-errors';
import { currentContext } from './request-context';

function flatten(errors: ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((reason) => ({ field, reason }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** Validates DTOs strictly: unknown fields are errors, nothing is coerced (a number is not a string). */
export function strictValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    exceptionFactory: (errors) => Problems.validation(flatten(errors)),
  });
}

/** Every error leaves as problem+json; unexpected ones are logged and never leak internals. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  constructor(private readonly log: (error: unknown) => void = () => undefined) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const problem = this.toProblem(exception, request.originalUrl ?? request.url);
    if (problem.status >= 500) this.log(exception);
    if (problem.status === 503) response.setHeader('retry-after', '5');
    response
      .status(problem.status)
      .type(PROBLEM_CONTENT_TYPE)
      .send(JSON.stringify({ ...problem, correlationId: currentContext()?.correlationId }));
  }

  private toProblem(exception: unknown, instance: string): ProblemDetails {
    if (exception instanceof ProblemException) return exception.toProblem(instance);
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      const detail = typeof body === 'string' ? body : String((body as { message?: unknown }).message ?? exception.message);
      if (status === HttpStatus.BAD_REQUEST && /JSON/i.test(detail)) {
        return Problems.validation([{ field: 'body', reason: 'must be valid JSON' }]).toProblem(instance);
      }
      return { type: `${PROBLEM_TYPE_BASE}http-${status}`, title: exception.name.replace(/Exception$/, ''), status, detail, instance };
    }
    if (isConnectionLoss(exception)) {
      // The same request may work shortly; a command retried with its Idempotency-Key takes effect at most once.
      return Problems.unavailable('a database or message broker this service needs is unreachable; retry shortly').toProblem(instance);
    }
    return { type: `${PROBLEM_TYPE_BASE}internal`, title: 'Internal error', status: 500, detail: 'An unexpected error occurred', instance };
  }
}

/** Path ids are UUIDs; anything else names nothing that exists. */
export const ParseIdPipe = (what: string) =>
  new ParseUUIDPipe({ exceptionFactory: () => Problems.notFound(`${what} does not exist`) });

/** User ids as membership accepts them; anything else is no member of anything. */
export const ParseUserIdPipe: PipeTransform<string, string> = {
  transform(value: string): string {
    if (!/^[A-Za-z0-9._@-]{1,200}$/.test(value)) throw Problems.notFound(`user ${value} does not exist`);
    return value;
  },
};
