/** RFC 9457 problem details, free of any framework so pure and infrastructure code can use them. */
export interface FieldProblem {
  readonly field: string;
  readonly reason: string;
}

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: FieldProblem[];
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
export const PROBLEM_TYPE_BASE = 'https://credits.example/problems/';

/** An RFC 9457 problem; `code` becomes the `type` URI and stays stable for clients to match on. */
export class ProblemException extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    readonly detail?: string,
    readonly extensions: Record<string, unknown> = {},
    /** `cause`: what went wrong inside, for the log only (never in the answer) */
    options?: ErrorOptions,
  ) {
    super(detail ?? title, options);
  }

  /** A problem stored earlier (an idempotent refusal), answered again; `instance` is the new request's. */
  static fromDetails(details: ProblemDetails): ProblemException {
    return new StoredProblem(details);
  }

  toProblem(instance?: string): ProblemDetails {
    return {
      type: `${PROBLEM_TYPE_BASE}${this.code}`,
      title: this.title,
      status: this.status,
      ...(this.detail ? { detail: this.detail } : {}),
      ...(instance ? { instance } : {}),
      ...this.extensions,
    };
  }
}

class StoredProblem extends ProblemException {
  constructor(private readonly details: ProblemDetails) {
    super(details.status, details.type, details.title, details.detail);
  }

  override toProblem(instance?: string): ProblemDetails {
    return { ...this.details, instance };
  }
}

export const Problems = {
  validation: (errors: FieldProblem[]) =>
    new ProblemException(400, 'validation-failed', 'Your request is not valid', errors.map((e) => `${e.field}: ${e.reason}`).join('; '), { errors }),
  unauthorized: (detail: string) => new ProblemException(401, 'unauthorized', 'Authentication required', detail),
  forbidden: (detail: string) => new ProblemException(403, 'forbidden', 'Not allowed', detail),
  notFound: (detail: string) => new ProblemException(404, 'not-found', 'Not found', detail),
  conflict: (code: string, title: string, detail: string, extensions: Record<string, unknown> = {}) =>
    new ProblemException(409, code, title, detail, extensions),
  unprocessable: (code: string, title: string, detail: string) => new ProblemException(422, code, title, detail),
  unsupportedMediaType: (errors: FieldProblem[]) =>
    new ProblemException(415, 'unsupported-media-type', 'Unsupported media type', errors.map((e) => `${e.field}: ${e.reason}`).join('; '), { errors }),
  unavailable: (detail: string, cause?: unknown) => new ProblemException(503, 'unavailable', 'Temporarily unavailable', detail, {}, { cause }),
  /** A change (PATCH) that names no field: refused rather than answered as a change that did nothing. */
  nothingToChange: (fields: readonly string[]) =>
    Problems.validation([{ field: 'body', reason: `nothing to change: give at least one of ${fields.join(', ')}` }]),
};

