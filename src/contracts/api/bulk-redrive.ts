/**
 * `POST /api/v1/runs/redrive`: redrive every faulted (or cancelled) run a filter matches, paced
 * (docs/repair.md, "Bulk redrive"). A dry run lists them and touches nothing.
 */
import type { FromSchema } from 'json-schema-to-ts';
import { problems, str } from './common.js';

/** At most this many runs per request: a larger outage is repaired in several, each one reviewable. */
export const BULK_REDRIVE_MAX = 1000;

export const REDRIVABLE_STATUSES = ['faulted', 'cancelled'] as const;

const bulkRedriveBody = {
  type: 'object',
  additionalProperties: false,
  properties: {
    workflow: { type: 'string', minLength: 3, maxLength: 401, description: 'namespace/name' },
    namespace: { type: 'string', minLength: 1, maxLength: 200 },
    version: { type: 'string', minLength: 1, maxLength: 100 },
    status: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', enum: REDRIVABLE_STATUSES }, description: 'default ["faulted"]' },
    from: { type: 'string', minLength: 1, maxLength: 40, description: 'createdAt ≥ this (RFC 3339 or epoch ms)' },
    to: { type: 'string', minLength: 1, maxLength: 40, description: 'createdAt < this (RFC 3339 or epoch ms)' },
    errorType: { type: 'string', minLength: 1, maxLength: 500, description: "the run error's type URI, or its last segment (e.g. communication)" },
    limit: { type: 'integer', minimum: 1, maximum: BULK_REDRIVE_MAX, description: `at most this many runs, newest first (default and maximum ${BULK_REDRIVE_MAX})` },
    dryRun: { type: 'boolean', description: 'list the runs that would be redriven, change nothing' },
  },
} as const;
export type BulkRedriveBody = FromSchema<typeof bulkRedriveBody>;

const bulkRedriveItem = {
  type: 'object',
  required: ['id', 'workflow', 'status'],
  properties: { id: str, workflow: { type: 'string', description: 'namespace/name' }, version: str, status: str, errorType: str },
  additionalProperties: false,
} as const;
export type BulkRedriveItem = FromSchema<typeof bulkRedriveItem>;

const bulkRedriveAnswer = {
  type: 'object',
  required: ['dryRun', 'accepted', 'items'],
  properties: {
    dryRun: { type: 'boolean' },
    accepted: { type: 'integer', description: 'runs queued for redrive (0 on a dry run)' },
    ratePerSecond: { type: 'number', description: 'redrives started per second (WEFT_REDRIVE_RATE)' },
    items: { type: 'array', items: bulkRedriveItem },
  },
  additionalProperties: false,
} as const;
export type BulkRedriveAnswer = FromSchema<typeof bulkRedriveAnswer>;

export const bulkRedriveSchema = {
  tags: ['runs'],
  summary: 'Redrive the faulted (or cancelled) runs a filter matches, paced; or list them (dryRun)',
  description:
    'A dry run answers 200 with the runs that match. Otherwise 202: the runs are redriven in the background, at most WEFT_REDRIVE_RATE per second (default 20), each audited as run:redrive. Needs run:control in every namespace it touches: without a namespace or workflow, only runs of namespaces the caller may control match.',
  body: bulkRedriveBody,
  response: { 200: bulkRedriveAnswer, 202: bulkRedriveAnswer, ...problems(400, 401, 403) },
} as const;
