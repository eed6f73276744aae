/** Workflows: the Workflow answer and the schemas of the routes that register and read definitions. */
import type { FromSchema } from 'json-schema-to-ts';
import { type Always, listOf, problems, ref, str, time, upTo } from './common.js';

export const WorkflowSchema = {
  $id: 'Workflow',
  type: 'object',
  required: ['namespace', 'name', 'version', 'hash', 'createdAt'],
  properties: { namespace: str, name: str, version: str, hash: str, createdAt: time, description: str, definition: { type: 'object', additionalProperties: true }, source: str },
  additionalProperties: true,
} as const;

/** A workflow version (lists leave out its definition and source). */
export type WorkflowView = FromSchema<typeof WorkflowSchema>;
/** One workflow version with its parsed definition and the source it was registered from. */
export type WorkflowDetail = Always<WorkflowView, 'definition' | 'source'>;

/** `GET /api/v1/workflows/:namespace/:name`: the versions, highest first. */
export interface WorkflowVersions {
  namespace: string;
  name: string;
  versions: WorkflowView[];
}

const nameParams = { type: 'object', required: ['namespace', 'name'], properties: { namespace: upTo(200), name: upTo(200) } } as const;

export const registerWorkflowSchema = {
  tags: ['workflows'],
  summary: 'Register a workflow version (a DSL document as YAML or JSON)',
  description: 'Registers namespace/name/version from the document. The same version again with the same content is a no-op (200); with other content, 409.',
  body: { description: 'A Serverless Workflow DSL 1.0 document', type: ['object', 'string'] },
  response: { 200: ref('Workflow'), 201: ref('Workflow'), ...problems(400, 401, 403, 409, 413, 415) },
} as const;

export const listWorkflowsSchema = {
  tags: ['workflows'],
  summary: 'Every workflow (its highest version) the key may read',
  response: { 200: listOf(ref('Workflow')), ...problems(401) },
} as const;

export const workflowVersionsSchema = {
  tags: ['workflows'],
  summary: 'A workflow and its versions (highest first)',
  params: nameParams,
  response: { 200: { type: 'object', properties: { namespace: str, name: str, versions: { type: 'array', items: ref('Workflow') } } }, ...problems(401, 403, 404) },
} as const;

export const workflowVersionSchema = {
  tags: ['workflows'],
  summary: 'One workflow version with its definition and source',
  params: { ...nameParams, required: ['namespace', 'name', 'version'], properties: { ...nameParams.properties, version: upTo(100) } },
  response: { 200: ref('Workflow'), ...problems(401, 403, 404) },
} as const;
