/** Runs: the Run answer, and the schemas of the routes that start, list, read and control runs. */
import type { FromSchema } from 'json-schema-to-ts';
import type { Json } from '../../shared/index.js';
import { RUN_STATUSES } from '../run-status.js';
import { type Always, type Page, anyJson, listOf, problems, ref, str, time, upTo } from './common.js';
import type { WorkflowErrorSchema } from './problem.js';

export const RunSchema = {
  $id: 'Run',
  type: 'object',
  required: ['id', 'workflow', 'version', 'status', 'createdAt'],
  properties: {
    id: str,
    workflow: { type: 'string', description: 'namespace/name' },
    namespace: str,
    name: str,
    version: str,
    status: { type: 'string', enum: RUN_STATUSES },
    input: anyJson,
    output: anyJson,
    error: ref('WorkflowError'),
    createdAt: time,
    startedAt: time,
    endedAt: time,
    idempotencyKey: str,
    redrives: {
      type: 'array',
      description: 'Each redrive of the run, oldest first (GET of one run)',
      items: { type: 'object', required: ['at'], properties: { at: time, by: str, version: str, patched: { type: 'boolean' } }, additionalProperties: false },
    },
    origin: {
      type: 'object',
      description: 'A rerun: the run it copied outcomes from, and the task it ran again from (GET of one run)',
      required: ['run', 'from'],
      properties: { run: str, from: str },
      additionalProperties: false,
    },
  },
  additionalProperties: true,
} as const;

/**
 * A run as the API answers it (`workflow` is `namespace/name`; times are ISO 8601). `input` and `output`
 * are any JSON (`{}`), which derives as `unknown`: narrowed to Json, what the wire carries.
 */
export type RunView = Always<FromSchema<typeof RunSchema, { references: [typeof WorkflowErrorSchema] }>, 'namespace' | 'name' | 'input' | 'startedAt'> & { input: Json; output?: Json };

/** A page of runs, newest first. */
export type RunPage = Page<RunView>;

const idParams = { type: 'object', required: ['id'], properties: { id: upTo(200) } } as const;

export const startRunSchema = {
  tags: ['runs'],
  summary: 'Start a run (body = the workflow input)',
  description: '`Idempotency-Key` makes a repeat return the same run. `Prefer: wait=<seconds>` waits up to that long: 200 with the ended run, else 202 with Location.',
  params: { type: 'object', required: ['namespace', 'name'], properties: { namespace: upTo(200), name: upTo(200) } },
  querystring: { type: 'object', properties: { version: { type: 'string', minLength: 1, maxLength: 100 } }, additionalProperties: false },
  // Any JSON (an empty schema constrains nothing): here so that the OpenAPI document has the request body.
  body: { description: 'The workflow input (any JSON; absent = {})' },
  headers: { type: 'object', properties: { 'idempotency-key': { type: 'string', minLength: 1, maxLength: 255 }, prefer: { type: 'string', maxLength: 200 } } },
  response: { 200: ref('Run'), 202: ref('Run'), ...problems(400, 401, 403, 404, 413, 415, 429) },
} as const;

export const listRunsSchema = {
  tags: ['runs'],
  summary: 'List runs, newest first (cursor pagination)',
  querystring: {
    type: 'object',
    additionalProperties: false,
    properties: {
      // Empty values are refused, not read as "no filter": `?status=` is a client bug to report.
      namespace: { type: 'string', minLength: 1, maxLength: 200 },
      workflow: { type: 'string', minLength: 1, maxLength: 401, description: 'namespace/name' },
      version: { type: 'string', minLength: 1, maxLength: 100 },
      status: { type: 'string', minLength: 1, maxLength: 200, description: `comma-separated: ${RUN_STATUSES.join(', ')}` },
      from: { type: 'string', minLength: 1, maxLength: 40, description: 'createdAt ≥ this (RFC 3339 or epoch ms)' },
      to: { type: 'string', minLength: 1, maxLength: 40, description: 'createdAt < this (RFC 3339 or epoch ms; not before `from`)' },
      cursor: { type: 'string', minLength: 1, maxLength: 500, pattern: '^[A-Za-z0-9_-]+$', description: '`next` of the previous page' },
      limit: { type: 'integer', minimum: 1, maximum: 500 },
    },
  },
  response: { 200: { type: 'object', properties: { items: { type: 'array', items: ref('Run') }, next: str } }, ...problems(400, 401, 403) },
} as const;

export const getRunSchema = { tags: ['runs'], summary: 'A run', params: idParams, response: { 200: ref('Run'), ...problems(401, 403, 404) } } as const;

export const runEventsSchema = {
  tags: ['runs'],
  summary: "The run's lifecycle events (CloudEvents), oldest first",
  params: idParams,
  response: { 200: listOf(ref('CloudEvent')), ...problems(401, 403, 404) },
} as const;

export const RUN_CONTROLS = ['cancel', 'suspend', 'resume'] as const;
export type RunControl = (typeof RUN_CONTROLS)[number];

/** `POST /api/v1/runs/:id/<action>`; only cancel takes a body (an optional reason). */
export function runControlSchema(action: RunControl) {
  return {
    tags: ['runs'],
    summary: `${action[0].toUpperCase()}${action.slice(1)} a run`,
    params: idParams,
    ...(action === 'cancel' ? { body: cancelBody } : {}),
    response: { 200: ref('Run'), ...problems(401, 403, 404, 409) },
  } as const;
}
const cancelBody = { type: 'object', properties: { reason: { type: 'string', maxLength: 1000 } }, additionalProperties: false } as const;
export type CancelBody = FromSchema<typeof cancelBody>;

const repairFields = {
  version: { type: 'string', minLength: 1, maxLength: 100, description: 'Continue on this version of the workflow (its tasks before the point the run continues from must be unchanged)' },
  patch: { description: "A JSON merge patch (RFC 7386) of the run's input, e.g. {\"amount\": 10}; audited" },
} as const;
const redriveBody = { type: 'object', properties: repairFields, additionalProperties: false } as const;
const rerunBody = {
  type: 'object',
  required: ['from'],
  properties: { from: { type: 'string', minLength: 1, maxLength: 1000, description: 'The task pointer to run again from, e.g. /do/4/charge' }, ...repairFields },
  additionalProperties: false,
} as const;
export type RedriveBody = FromSchema<typeof redriveBody>;
export type RerunBody = FromSchema<typeof rerunBody>;

/** `POST /api/v1/runs/:id/redrive`: the same run goes on from the task that failed. */
export const redriveRunSchema = {
  tags: ['runs'],
  summary: 'Redrive a faulted or cancelled run from the task that failed (same run id)',
  description: "Completed tasks keep their journaled outcomes and are not performed again; the failed task runs again as a fresh attempt. Optional `version` and `patch` (of the run's input).",
  params: idParams,
  body: redriveBody,
  response: { 200: ref('Run'), ...problems(400, 401, 403, 404, 409, 422) },
} as const;

/** `POST /api/v1/runs/:id/rerun`: a new run from a task, copying the outcomes before it. */
export const rerunRunSchema = {
  tags: ['runs'],
  summary: 'Rerun an ended run from a task: a new run that copies the outcomes of the tasks before it',
  params: idParams,
  body: rerunBody,
  response: { 201: ref('Run'), ...problems(400, 401, 403, 404, 409, 422) },
} as const;
