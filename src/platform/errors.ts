/**
 * Errors of the platform façade (what the CLI and the HTTP API both call). Each carries the HTTP status
 * the gateway answers with and a stable problem `type`; `pointer` names the bad field where there is one.
 */
import type { Json } from '../shared/index.js';
import { ErrorTypes } from '../contracts/index.js';

export const API_ERROR_CODES = {
  notFound: 'WEFT_ERR_API_NOT_FOUND',
  conflict: 'WEFT_ERR_API_CONFLICT',
  invalid: 'WEFT_ERR_API_INVALID',
  /** The document is not a valid workflow (schema or semantic problems listed in `problems`). */
  invalidWorkflow: 'WEFT_ERR_DSL_INVALID',
  /** The workflow uses a feature this runtime does not support yet. */
  unsupported: 'WEFT_ERR_DSL_UNSUPPORTED',
  /** The run is not in a state that allows the action (resume a running run, …). */
  state: 'WEFT_ERR_API_STATE',
  tooLarge: 'WEFT_ERR_API_TOO_LARGE',
} as const;

export type ApiErrorCode = (typeof API_ERROR_CODES)[keyof typeof API_ERROR_CODES];

const STATUS: Record<ApiErrorCode, number> = {
  WEFT_ERR_API_NOT_FOUND: 404,
  WEFT_ERR_API_CONFLICT: 409,
  WEFT_ERR_API_INVALID: 400,
  WEFT_ERR_DSL_INVALID: 400,
  WEFT_ERR_DSL_UNSUPPORTED: 400,
  WEFT_ERR_API_STATE: 409,
  WEFT_ERR_API_TOO_LARGE: 413,
};

const TITLE: Record<ApiErrorCode, string> = {
  WEFT_ERR_API_NOT_FOUND: 'Not found',
  WEFT_ERR_API_CONFLICT: 'Conflict',
  WEFT_ERR_API_INVALID: 'Invalid request',
  WEFT_ERR_DSL_INVALID: 'Invalid workflow',
  WEFT_ERR_DSL_UNSUPPORTED: 'Unsupported workflow feature',
  WEFT_ERR_API_STATE: 'Not allowed in this state',
  WEFT_ERR_API_TOO_LARGE: 'Payload too large',
};

/** DSL documents keep the DSL's own error types (dsl-reference §Errors), as `weft validate` prints them. */
const DSL_TYPES: Partial<Record<ApiErrorCode, string>> = {
  WEFT_ERR_DSL_INVALID: ErrorTypes.validation,
  WEFT_ERR_DSL_UNSUPPORTED: ErrorTypes.configuration,
};

/** Problem types are stable URIs under the project's namespace, one per code. */
export const problemType = (code: string): string =>
  DSL_TYPES[code as ApiErrorCode] ?? `https://weft.dev/problems/${code.replace(/^WEFT_ERR_/, '').toLowerCase().replace(/_/g, '-')}`;

export class ApiError extends Error {
  readonly status: number;
  readonly title: string;
  readonly type: string;

  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly extra: { pointer?: string; problems?: Json; [k: string]: Json | undefined } = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ApiError';
    this.status = STATUS[code];
    this.title = TITLE[code];
    this.type = problemType(code);
  }
}

export const notFound = (what: string) => new ApiError(API_ERROR_CODES.notFound, `${what} does not exist`);
