// The one error type services throw, and its RFC 9457 problem+json form.

/** What went wrong, independent of transport; the HTTP layer maps each kind to one status. */
export type ErrorKind =
  | 'validation'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'locked'
  | 'rate_limited'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'unprocessable'
  | 'unavailable'
  | 'internal';

export interface FieldError {
  /** JSON pointer-like path of the offending field, e.g. `/body/creditCode`. */
  field: string;
  message: string;
}

export class AppError extends Error {
  readonly code: string;
  readonly kind: ErrorKind;
  readonly fields: readonly FieldError[] | undefined;
  readonly headers: Readonly<Record<string, string>> | undefined;

  constructor(
    kind: ErrorKind,
    code: string,
    message: string,
    options: { fields?: FieldError[]; headers?: Record<string, string>; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.kind = kind;
    this.code = code;
    this.fields = options.fields;
    this.headers = options.headers;
  }
}

export const STATUS_OF_KIND: Readonly<Record<ErrorKind, number>> = {
  validation: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  locked: 423,
  rate_limited: 429,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  unavailable: 503,
  internal: 500,
};

const TITLE_OF_KIND: Readonly<Record<ErrorKind, string>> = {
  validation: 'Invalid request',
  unauthenticated: 'Authentication required',
  forbidden: 'Forbidden',
  not_found: 'Not found',
  conflict: 'Conflict',
  locked: 'Locked',
  rate_limited: 'Too many requests',
  payload_too_large: 'Payload too large',
  unsupported_media_type: 'Unsupported media type',
  unprocessable: 'Unprocessable request',
  unavailable: 'Service unavailable',
  internal: 'Internal error',
};

/** RFC 9457 problem details with Liutong's stable `code` and, for validation, the offending fields. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  requestId?: string;
  errors?: FieldError[];
}

export function toProblem(error: AppError, instance?: string, requestId?: string): Problem {
  const problem: Problem = {
    type: `urn:liutong:problem:${error.code.toLowerCase()}`,
    title: TITLE_OF_KIND[error.kind],
    status: STATUS_OF_KIND[error.kind],
    detail: error.message,
    code: error.code,
  };
  if (instance) problem.instance = instance;
  if (requestId) problem.requestId = requestId;
  if (error.fields?.length) problem.errors = [...error.fields];
  return problem;
}

// Constructors for the errors every module raises, so codes stay uniform.
export const notFound = (what: string, code = 'NOT_FOUND'): AppError =>
  new AppError('not_found', code, `${what} was not found`);
export const forbidden = (message = 'Your roles do not allow this action', code = 'FORBIDDEN'): AppError =>
  new AppError('forbidden', code, message);
export const conflict = (code: string, message: string): AppError => new AppError('conflict', code, message);
export const invalid = (code: string, field: string, message: string): AppError =>
  new AppError('validation', code, message, { fields: [{ field, message }] });
