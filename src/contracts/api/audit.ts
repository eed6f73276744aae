/** The audit log (admin on `*`): who did what, when, with before/after hashes; and its chain check. */
import type { FromSchema } from 'json-schema-to-ts';
import { anyObject, problems, str, time } from './common.js';

const record = {
  type: 'object',
  properties: { seq: { type: 'integer' }, at: time, actor: str, action: str, target: str, before: str, after: str, detail: {}, prev: str, hash: str },
  additionalProperties: true,
} as const;

/** One audit record, times as ISO 8601. */
export type AuditRecordView = FromSchema<typeof record>;

export const listAuditSchema = {
  tags: ['audit'],
  summary: 'Audit records, newest first (`before` = a seq, for the next page)',
  querystring: { type: 'object', additionalProperties: false, properties: { actor: { type: 'string', minLength: 1, maxLength: 200 }, action: { type: 'string', minLength: 1, maxLength: 100 }, before: { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER }, limit: { type: 'integer', minimum: 1, maximum: 1000 } } },
  response: { 200: { type: 'object', properties: { items: { type: 'array', items: record } } }, ...problems(400, 401, 403) },
} as const;

export const verifyAuditSchema = { tags: ['audit'], summary: 'Recompute the hash chain: ok, or the first broken record', response: { 200: anyObject, ...problems(401, 403) } } as const;
