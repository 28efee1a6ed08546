import { PATH_PARAMETERS, PROBLEM_MEDIA_TYPE, ProblemResponse, IDEMPOTENCY_KEY_HEADER } from '@credits/contracts/http';
import { applyDecorators, Delete, Get, Patch, Post, Put, type Type } from '@nestjs/common';
import { ApiBody, ApiExtraModels, ApiHeader, ApiOperation, ApiParam, ApiResponse, getSchemaPath } from '@nestjs/swagger';

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
const MAPPINGS: Record<Method, (path: string) => MethodDecorator> = { GET: Get, POST: Post, PATCH: Patch, PUT: Put, DELETE: Delete };

export interface RouteDoc {
  /** what a generated client calls the operation, e.g. `grantUserCredits` */
  readonly operationId: string;
  readonly summary: string;
  readonly description?: string;
  /** the request body; sent as application/json */
  readonly body?: Type<unknown>;
  /** the success body: a type, or `[type]` for an array; none for an operation that never succeeds */
  readonly response?: Type<unknown> | [Type<unknown>];
  /** default 201 for a POST with a body, else 200 */
  readonly status?: 200 | 201;
  /** when the operation answers 409 */
  readonly conflict?: string;
  /** a wallet change: `Idempotency-Key` required, 422 when a key is reused with another body */
  readonly idempotent?: boolean;
  /** any signed-in caller may call it, and it takes no input: neither 400 nor 403 */
  readonly everyCaller?: boolean;
  /** a membership change the gateway waits for the ledger to apply: its 503 may be `.../consistency-timeout` */
  readonly readYourWrites?: boolean;
}

const ERRORS = {
  400: 'The request is not valid: `errors` names each field and reason (type `.../validation-failed`).',
  401: 'No bearer token, or not a valid one.',
  403: 'The caller may not do this here.',
  404: 'Nothing of that id is visible to the caller (unknown ids, and others’ locations, look the same).',
  409: '',
  413: 'The body is larger than allowed.',
  415: 'The body is not `application/json`.',
  422: 'This `Idempotency-Key` was used for a request with another body.',
  429: 'Too many at once for one caller; close or wait for one first.',
  503: 'A service the request needs is unavailable, or did not catch up in time; retry later.',
} as const;

const CONSISTENCY_TIMEOUT =
  'Or type `.../consistency-timeout`: the change WAS made (`result` holds what it answered), but the ledger has not applied it yet, ' +
  'so credits may not reflect it. Repeat the same request after `Retry-After` seconds: it changes nothing more and answers 2xx once the ' +
  'change is visible (adding a present member or removing a removed one answers as the first call did). A create makes a new resource ' +
  'on every call: take the id from `result` instead of repeating it.';
const RETRY_AFTER = { 'Retry-After': { description: 'seconds to wait before repeating', schema: { type: 'integer' } } };

/** An error answer: problem+json (RFC 9457). */
export function ApiProblem(status: keyof typeof ERRORS, description: string, headers?: typeof RETRY_AFTER): MethodDecorator {
  return ApiResponse({ status, description, headers, content: { [PROBLEM_MEDIA_TYPE]: { schema: { $ref: getSchemaPath(ProblemResponse) } } } });
}

/**
 * One public route: the router mapping and its whole OpenAPI description, so that no path parameter,
 * error status or header goes undocumented. Every `:param` of the path is declared from
 * PATH_PARAMETERS (an unknown one fails at startup); errors are problem+json.
 */
export function ApiRoute(method: Method, path: string, doc: RouteDoc): MethodDecorator {
  const params = [...path.matchAll(/:(\w+)/g)].map(([, name]) => {
    const parameter = PATH_PARAMETERS[name as keyof typeof PATH_PARAMETERS];
    if (!parameter) throw new Error(`${method} ${path}: path parameter ${name} has no declaration in PATH_PARAMETERS`);
    return ApiParam({ name, required: true, ...parameter });
  });
  const status = doc.status ?? (method === 'POST' && doc.body ? 201 : 200);
  const [response, isArray] = Array.isArray(doc.response) ? [doc.response[0], true] : [doc.response, false];
  const success = ApiResponse({
    status,
    type: response,
    isArray,
    description: 'Success',
    ...(doc.idempotent
      ? { headers: { 'idempotent-replayed': { description: '`true` when this is the stored answer to an earlier request with the same key', schema: { type: 'string', enum: ['true'] } } } }
      : {}),
  });
  const errors = [
    ...(doc.everyCaller ? [] : [ApiProblem(400, ERRORS[400])]),
    ApiProblem(401, ERRORS[401]),
    ...(doc.everyCaller ? [] : [ApiProblem(403, ERRORS[403])]),
    ...(params.length > 0 ? [ApiProblem(404, ERRORS[404])] : []),
    ...(doc.conflict ? [ApiProblem(409, doc.conflict)] : []),
    ...(doc.body ? [ApiProblem(413, ERRORS[413]), ApiProblem(415, ERRORS[415])] : []),
    ...(doc.idempotent ? [ApiProblem(422, ERRORS[422])] : []),
    ApiProblem(503, doc.readYourWrites ? `${ERRORS[503]} ${CONSISTENCY_TIMEOUT}` : ERRORS[503], RETRY_AFTER),
  ];
  return applyDecorators(
    MAPPINGS[method](path),
    ApiOperation({ operationId: doc.operationId, summary: doc.summary, description: doc.description }),
    ApiExtraModels(ProblemResponse),
    ...params,
    ...(doc.body ? [ApiBody({ type: doc.body, required: true })] : []),
    ...(doc.idempotent ? [ApiHeader(IDEMPOTENCY_KEY_HEADER)] : []),
    ...(response ? [success] : []),
    ...errors,
  );
}
