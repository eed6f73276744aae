/**
 * Errors of the platform façade (what the CLI and the HTTP API both call). Each carries the HTTP status
 * the gateway answers with and a stable problem `type`; `pointer` names the bad field where there is one.
 */
import type { Json } from '../shared/index.js';
import { ErrorTypes, type ErrorFamily, defineErrors, problemTypeOf } from '../contracts/index.js';
import { DSL_ERRORS } from '../dsl/index.js';

const Api = defineErrors(
  'ApiError',
  {
    notFound: {
      code: 'WEFT_ERR_API_NOT_FOUND',
      status: 404,
      title: 'Not found',
      meaning: 'The workflow (or that version of it), run or function the request names does not exist, or a function version has no stored source.',
      action: 'Check the name, version or id: `GET /api/v1/workflows`, `/api/v1/runs` and `/api/v1/functions` list what exists.',
    },
    conflict: {
      code: 'WEFT_ERR_API_CONFLICT',
      status: 409,
      title: 'Conflict',
      meaning: 'This namespace, name and version of a workflow is already registered with other content: versions are immutable.',
      action: 'Register the change under a new `document.version` (`weft dev` moves an edited file to the next free patch version by itself).',
    },
    invalid: {
      code: 'WEFT_ERR_API_INVALID',
      status: 400,
      title: 'Invalid request',
      meaning: 'The request does not match its route\'s schema (body, query string, path parameters or headers), or a value in it is not usable (a time, a cursor, a name that differs from the path\'s); `pointer` names the field. A path parameter over the length limit answers 414.',
      action: 'Fix the field `pointer` names; `/api/docs` shows every route\'s schema.',
    },
    /**
     * The document is not a valid workflow (schema or semantic problems listed in `problems`). DSL
     * documents keep the DSL's own error types (dsl-reference §Errors), as `weft validate` prints them.
     * The DSL library's code and definition, shared: one meaning wherever it is raised.
     */
    invalidWorkflow: DSL_ERRORS.definition(DSL_ERRORS.codes.invalid),
    /** The workflow uses a feature this runtime does not support yet. */
    unsupported: {
      code: 'WEFT_ERR_DSL_UNSUPPORTED',
      status: 400,
      title: 'Unsupported workflow feature',
      type: ErrorTypes.configuration,
      meaning: 'The workflow is valid DSL but uses a feature Weft cannot run yet (`run: container`, `run: shell`, `call: grpc`, `asyncapi`, `a2a` or `mcp`, a script language other than JavaScript, an expression language other than jq, a DSL other than 1.0.x); `pointer` names it.',
      action: 'Replace that feature with one Weft runs (`call: http`, a Weft function, a JavaScript `run: script`); `weft validate` lists every such place as `WEFT_WARN_DSL_UNSUPPORTED`.',
    },
    /** The run is not in a state that allows the action (resume a running run, …). */
    state: {
      code: 'WEFT_ERR_API_STATE',
      status: 409,
      title: 'Not allowed in this state',
      meaning: 'The run is not in a state that allows this action: only a live run can be cancelled, only a pending, running or waiting one suspended, only a suspended one resumed (or, on a cluster, the node driving it did not answer).',
      action: 'Read the run\'s status with `GET /api/v1/runs/{id}` and send the action that fits it.',
    },
    /** Redrive or rerun of a run that is not in a state for it. */
    notRepairable: {
      code: 'WEFT_ERR_RUN_NOT_REPAIRABLE',
      status: 409,
      title: 'Run cannot be redriven or rerun',
      meaning: 'Only a faulted or cancelled run can be redriven (a completed run has nothing to repair, a live one is still going), and only an ended run can be rerun from a task: its journal must not move while it is copied.',
      action: 'Read the run\'s status with `GET /api/v1/runs/{id}`; cancel a live run first if it is to be redriven or rerun, or start a new run (`POST /api/v1/workflows/{ns}/{name}/runs`) for a completed one.',
    },
    versionIncompatible: {
      code: 'WEFT_ERR_RUN_VERSION_INCOMPATIBLE',
      status: 422,
      title: 'Version incompatible with the run',
      meaning: 'A redrive or rerun asked for another workflow version whose tasks before the point the run continues from differ from the run\'s own (or whose top-level `use` or `input` differ): the journaled outcomes kept would belong to other tasks. `detail` names the first difference.',
      action: 'Keep the tasks before the failed (or `from`) task unchanged in the new version and change only that task and what follows it; or start a new run on the new version.',
    },
    badPatch: {
      code: 'WEFT_ERR_RUN_BAD_PATCH',
      status: 400,
      title: 'Unusable input patch',
      meaning: 'The `patch` of a redrive or rerun is not a JSON merge patch (RFC 7386) that can apply to the run\'s input, or the patched input is over the payload limit; `pointer` names the field.',
      action: 'Send `patch` as a JSON object of the fields to set (`null` removes a field), e.g. `{"patch": {"amount": 10}}`; or send no patch to keep the input.',
    },
    badPointer: {
      code: 'WEFT_ERR_RUN_BAD_TASK_POINTER',
      status: 400,
      title: 'Not a task of the workflow',
      meaning: 'The `from` of a rerun is not the JSON pointer of a task of the run\'s workflow (top-level like `/do/4/charge` or nested like `/do/2/retry/try/do/0/call`).',
      action: 'Take the pointer from the run\'s events (`task` of `GET /api/v1/runs/{id}/events`) or from the workflow document: `/do/<index>/<task name>` and, inside, `/do|try|catch/do|fork/branches/<index>/<name>`.',
    },
    testBadPointer: {
      code: 'WEFT_ERR_TEST_BAD_POINTER',
      status: 400,
      title: 'Bad task pointer',
      meaning: 'The `task` of a task test is not a JSON pointer, or names nothing in the workflow version\'s document.',
      action: 'Send the task\'s pointer as the studio and run events show it: `/do/<index>/<task name>`, nested `…/do|try|catch/do|fork/branches/<index>/<name>` (indices from 0, `/` in a name as `~1`).',
    },
    testNotATask: {
      code: 'WEFT_ERR_TEST_NOT_A_TASK',
      status: 400,
      title: 'Not a task',
      meaning: 'The `task` of a task test names a place in the workflow document that is not a task (a field of a task, a task list, or an entry without a task kind).',
      action: 'Point at the task entry itself — `/do/2/charge`, not `/do/2/charge/with` or `/do/2`.',
    },
    tooLarge: {
      code: 'WEFT_ERR_API_TOO_LARGE',
      status: 413,
      title: 'Payload too large',
      meaning: 'What was sent (or a function\'s answer to it) is over a size limit: a request body, a run\'s input or a function\'s output over 1 MiB, or a document body with more than 20,000 entries.',
      action: 'Send less: pass large data by reference (a URL or an id the workflow or function fetches) instead of inline.',
    },
  },
  { defaultType: problemTypeOf },
);

export const API_ERROR_CODES = Api.codes;

/** The façade's family, as the error catalog lists it. */
export const API_ERRORS: ErrorFamily = Api;

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
