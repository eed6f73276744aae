/**
 * JSON Schemas of the API's bodies and answers: Fastify validates requests with them and @fastify/swagger
 * turns them into the OpenAPI 3.1 document. Answer schemas leave `additionalProperties` open so the
 * serializer never drops a field the façade adds.
 */

const any = {};
const str = { type: 'string' } as const;
const time = { type: 'string', format: 'date-time' } as const;

export const Problem = {
  $id: 'Problem',
  type: 'object',
  description: 'RFC 9457 problem details',
  required: ['type', 'title', 'status', 'detail'],
  properties: { type: str, title: str, status: { type: 'integer' }, detail: str, code: str, instance: str, pointer: str, problems: { type: 'array' } },
  additionalProperties: true,
} as const;

/**
 * A workflow error as the DSL defines it (dsl-reference §Error): only `type` and `status` are required.
 * Not `Problem`: a run faulted by `raise` without a `detail` would fail the serializer (a 500) otherwise.
 */
export const WorkflowError = {
  $id: 'WorkflowError',
  type: 'object',
  description: 'A workflow error (Serverless Workflow DSL 1.0, RFC 9457 shape)',
  required: ['type', 'status'],
  properties: { type: str, status: { type: 'integer' }, title: str, detail: str, instance: str },
  additionalProperties: true,
} as const;

export const RunView = {
  $id: 'Run',
  type: 'object',
  required: ['id', 'workflow', 'version', 'status', 'createdAt'],
  properties: {
    id: str,
    workflow: { type: 'string', description: 'namespace/name' },
    namespace: str,
    name: str,
    version: str,
    status: { type: 'string', enum: ['pending', 'running', 'waiting', 'suspended', 'cancelled', 'faulted', 'completed'] },
    input: any,
    output: any,
    error: { $ref: 'WorkflowError#' },
    createdAt: time,
    startedAt: time,
    endedAt: time,
    idempotencyKey: str,
  },
  additionalProperties: true,
} as const;

export const WorkflowView = {
  $id: 'Workflow',
  type: 'object',
  required: ['namespace', 'name', 'version', 'hash', 'createdAt'],
  properties: { namespace: str, name: str, version: str, hash: str, createdAt: time, description: str, definition: { type: 'object', additionalProperties: true }, source: str },
  additionalProperties: true,
} as const;

export const FunctionView = {
  $id: 'Function',
  type: 'object',
  properties: { name: str, version: str, hash: str, size: { type: 'integer' }, createdAt: time, manifest: { type: 'object', additionalProperties: true } },
  additionalProperties: true,
} as const;

export const Alias = {
  $id: 'Alias',
  type: 'object',
  required: ['routes'],
  properties: {
    routes: {
      type: 'array',
      minItems: 1,
      maxItems: 2,
      items: { type: 'object', required: ['version', 'weight'], properties: { version: str, weight: { type: 'integer', minimum: 0, maximum: 100 } }, additionalProperties: false },
    },
  },
  additionalProperties: true,
} as const;

export const ApiKey = {
  $id: 'ApiKey',
  type: 'object',
  properties: {
    id: str,
    name: str,
    scopes: { type: 'array', items: { type: 'object', properties: { namespace: str, role: str }, additionalProperties: true } },
    createdAt: time,
    createdBy: str,
    expiresAt: time,
    revokedAt: time,
    rotatedAt: time,
    previousUntil: time,
  },
  additionalProperties: true,
} as const;

export const CloudEvent = {
  $id: 'CloudEvent',
  type: 'object',
  required: ['specversion', 'id', 'source', 'type'],
  properties: { specversion: str, id: str, source: str, type: str, time: str, subject: str, datacontenttype: str, data: any },
  additionalProperties: true,
} as const;

export const SHARED_SCHEMAS = [Problem, WorkflowError, RunView, WorkflowView, FunctionView, Alias, ApiKey, CloudEvent];

export const ref = (id: string) => ({ $ref: `${id}#` });

/**
 * preValidation of routes whose body is optional (cancel's reason, rotate's overlap): a request without
 * a body validates as `{}`. Fastify validates an absent body against the schema too, so `type: object`
 * alone turned a plain `POST …/cancel` into a 400.
 */
export async function absentBodyIsEmpty(req: { body: unknown }): Promise<void> {
  if (req.body === undefined) req.body = {};
}

/** The problem answers a route documents besides its success. */
export function problems(...statuses: number[]): Record<number, unknown> {
  return Object.fromEntries(statuses.map((s) => [s, { description: 'Problem details', content: { 'application/problem+json': { schema: ref('Problem') } } }]));
}
