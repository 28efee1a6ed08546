import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { IsInt, IsString, Max, Min, ValidateNested, validateSync } from 'class-validator';
import { Type } from 'class-transformer';
import { fieldProblemsOf, frameworkProblem, instanceOf, problemLogEntry, requireUserId } from './problem-answer';
import { ProblemException, Problems } from './problem-details';

const refusalOf = (work: () => unknown): ProblemException => {
  try {
    work();
  } catch (error) {
    if (error instanceof ProblemException) return error;
    throw error;
  }
  throw new Error('accepted');
};

describe('framework errors', () => {
  it('are titled by their status, not by their class name', () => {
    expect(frameworkProblem(413, 'request entity too large', undefined, '/v1/locations')).toEqual({
      type: 'https://credits.example/problems/payload-too-large',
      title: 'Payload too large',
      status: 413,
      detail: 'request entity too large',
      instance: '/v1/locations',
    });
    expect(frameworkProblem(404, 'Cannot GET /nope', undefined, '/nope')).toMatchObject({
      type: 'https://credits.example/problems/not-found',
      title: 'Not found',
    });
  });

  it('name the field of a path that is not valid percent-encoded UTF-8, or a body that is not JSON', () => {
    expect(frameworkProblem(400, "Failed to decode param '%ED%A0%80'", new URIError('URI malformed'), '/x').errors).toEqual([
      { field: 'path', reason: 'must be valid percent-encoded UTF-8' },
    ]);
    expect(frameworkProblem(400, 'Unexpected token } in JSON at position 3', new SyntaxError('x'), '/x').errors).toEqual([
      { field: 'body', reason: 'must be valid JSON' },
    ]);
  });
});

describe('instance', () => {
  it('is the path and query of the request, never the host of an absolute-form target', () => {
    expect(instanceOf('/v1/locations?x=1')).toBe('/v1/locations?x=1');
    expect(instanceOf('http://10.0.0.7:3001/v1/locations?x=1')).toBe('/v1/locations?x=1');
    expect(instanceOf('not a url')).toBe('/');
  });
});

describe('logging of answered errors', () => {
  it('logs a deliberate 503 as a warning with its inner causes and no stack; the answer shows none of them', () => {
    const cause = new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 10.1.2.3:3001') });
    const exception = new ProblemException(503, 'service-unavailable', 'Service unavailable', 'membership did not answer', {}, { cause });
    const problem = exception.toProblem('/v1/locations/loc-1');
    expect(JSON.stringify(problem)).not.toMatch(/10\.1\.2\.3|ECONNREFUSED|fetch failed/);
    expect(problemLogEntry(exception, problem)).toEqual({
      level: 'warn',
      message: '503 Service unavailable: membership did not answer',
      extra: { path: '/v1/locations/loc-1', cause: 'fetch failed: connect ECONNREFUSED 10.1.2.3:3001' },
    });
  });

  it('logs readiness 503s as warnings without a stack', () => {
    const exception = new ProblemException(503, 'not-ready', 'Service not ready', 'down: ledger');
    expect(problemLogEntry(exception, exception.toProblem('/health/ready'))).toEqual({
      level: 'warn',
      message: '503 Service not ready: down: ledger',
      extra: { path: '/health/ready' },
    });
  });

  it('logs a bug as an error with its stack', () => {
    const bug = new Error('boom');
    const answer = { type: 'https://credits.example/problems/internal', title: 'Internal error', status: 500 };
    expect(problemLogEntry(bug, answer)).toEqual({ level: 'error', message: bug });
  });

  it('does not log refusals (4xx)', () => {
    const refusal = Problems.notFound('location does not exist');
    expect(problemLogEntry(refusal, refusal.toProblem('/x'))).toBeUndefined();
  });
});

describe('stored refusals', () => {
  it('are answered with the instance of the request that gets them', () => {
    const stored = { type: 'https://credits.example/problems/insufficient-credits', title: 'Not enough credits', status: 409, detail: 'd', shortfall: '5.00' };
    const exception = ProblemException.fromDetails({ ...stored, instance: '/first/request' });
    expect(exception.status).toBe(409);
    expect(exception.toProblem('/v1/locations/loc-1/users/bob/credits/deductions')).toEqual({ ...stored, instance: '/v1/locations/loc-1/users/bob/credits/deductions' });
  });
});

class Rollover {
  @IsInt({ message: 'percent must be an integer' })
  @Min(0, { message: 'percent must be 0-100' })
  @Max(100, { message: 'percent must be 0-100' })
  percent: number;
}

class PlanRequest {
  @IsString()
  name: string;

  @ValidateNested()
  @Type(() => Rollover)
  rollover: Rollover;
}

describe('validation errors', () => {
  it('list one entry per field and reason, nested fields by their path', () => {
    const errors = validateSync(plainToInstance(PlanRequest, { name: 'x', rollover: { percent: 'abc' } }));
    expect(fieldProblemsOf(errors)).toEqual([
      { field: 'rollover.percent', reason: 'percent must be 0-100' },
      { field: 'rollover.percent', reason: 'percent must be an integer' },
    ]);
  });
});

describe('user ids in paths', () => {
  it('are any IdP subject, taken as they are', () => {
    for (const userId of ['auth0|64f1c2', 'jane@example.com', '山田太郎', 'us-east-1:6b1d']) expect(requireUserId(userId)).toBe(userId);
  });

  it('are refused with the field-level reason of the one user-id rule (400)', () => {
    const refusal = refusalOf(() => requireUserId('a\u0000b'));
    expect(refusal.status).toBe(400);
    expect(refusal.toProblem().errors).toEqual([{ field: 'userId', reason: 'userId must not contain NUL characters (U+0000)' }]);
    expect(refusalOf(() => requireUserId(' alice')).toProblem().errors).toEqual([{ field: 'userId', reason: 'userId must not start or end with whitespace' }]);
  });
});
