/** Problem details (RFC 9457) as the API answers them, and a workflow error as a run carries it. */
import type { FromSchema } from 'json-schema-to-ts';
import { str } from './common.js';

export const ProblemSchema = {
  $id: 'Problem',
  type: 'object',
  description: 'RFC 9457 problem details',
  required: ['type', 'title', 'status', 'detail'],
  properties: { type: str, title: str, status: { type: 'integer' }, detail: str, code: str, instance: str, pointer: str, problems: { type: 'array' } },
  additionalProperties: true,
} as const;

/** What every non-2xx answer of the API carries (`application/problem+json`). */
export type ProblemDetails = FromSchema<typeof ProblemSchema>;

/**
 * A workflow error as the DSL defines it (dsl-reference §Error): only `type` and `status` are required.
 * Not `Problem`: a run faulted by `raise` without a `detail` would fail the serializer (a 500) otherwise.
 */
export const WorkflowErrorSchema = {
  $id: 'WorkflowError',
  type: 'object',
  description: 'A workflow error (Serverless Workflow DSL 1.0, RFC 9457 shape)',
  required: ['type', 'status'],
  properties: { type: str, status: { type: 'integer' }, title: str, detail: str, instance: str },
  additionalProperties: true,
} as const;

export type WorkflowErrorView = FromSchema<typeof WorkflowErrorSchema>;
