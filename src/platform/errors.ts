/**
 * Errors of the platform façade (what the CLI and the HTTP API both call). Each carries the HTTP status
 * the gateway answers with and a stable problem `type`; `pointer` names the bad field where there is one.
 */
import type { Json } from '../shared/index.js';
import { ErrorTypes, defineErrors, problemTypeOf } from '../contracts/index.js';

const Api = defineErrors(
  'ApiError',
  {
    notFound: { code: 'WEFT_ERR_API_NOT_FOUND', status: 404, title: 'Not found' },
    conflict: { code: 'WEFT_ERR_API_CONFLICT', status: 409, title: 'Conflict' },
    invalid: { code: 'WEFT_ERR_API_INVALID', status: 400, title: 'Invalid request' },
    /**
     * The document is not a valid workflow (schema or semantic problems listed in `problems`). DSL
     * documents keep the DSL's own error types (dsl-reference §Errors), as `weft validate` prints them.
     */
    invalidWorkflow: { code: 'WEFT_ERR_DSL_INVALID', status: 400, title: 'Invalid workflow', type: ErrorTypes.validation },
    /** The workflow uses a feature this runtime does not support yet. */
    unsupported: { code: 'WEFT_ERR_DSL_UNSUPPORTED', status: 400, title: 'Unsupported workflow feature', type: ErrorTypes.configuration },
    /** The run is not in a state that allows the action (resume a running run, …). */
    state: { code: 'WEFT_ERR_API_STATE', status: 409, title: 'Not allowed in this state' },
    tooLarge: { code: 'WEFT_ERR_API_TOO_LARGE', status: 413, title: 'Payload too large' },
  },
  { defaultType: problemTypeOf },
);

export const API_ERROR_CODES = Api.codes;

export type ApiErrorCode = (typeof API_ERROR_CODES)[keyof typeof API_ERROR_CODES];

/** Problem types are stable URIs under the project's namespace, one per code (the DSL's own for DSL documents). */
export const problemType = (code: string): string => (Api.isCode(code) ? Api.definition(code).type : undefined) ?? problemTypeOf(code);

export class ApiError extends Api.Error {
  constructor(
    code: ApiErrorCode,
    message: string,
    override readonly extra: { pointer?: string; problems?: Json; [k: string]: Json | undefined } = {},
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
  }
}

export const notFound = (what: string) => new ApiError(API_ERROR_CODES.notFound, `${what} does not exist`);
