/** API keys (admin on `*` only): the ApiKey answer and the schemas of create, list, rotate, revoke. */
import type { FromSchema } from 'json-schema-to-ts';
import { ROLE_NAMES } from './access.js';
import { listOf, problems, ref, str, time, upTo } from './common.js';

export const ApiKeySchema = {
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

/** A key as the API shows it: never a secret or hash; times as ISO 8601. */
export type ApiKeyView = FromSchema<typeof ApiKeySchema>;

const withSecret = { type: 'object', properties: { key: ref('ApiKey'), secret: { type: 'string', description: 'wk_<id>_<secret>: shown once, store it now' } } } as const;
/** A created or rotated key with its secret, which is shown this once. */
export type IssuedKeyView = FromSchema<typeof withSecret, { references: [typeof ApiKeySchema] }>;

const idParams = { type: 'object', required: ['id'], properties: { id: upTo(100) } } as const;

const createBody = {
  type: 'object',
  required: ['name', 'scopes'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 200 },
    scopes: { type: 'array', minItems: 1, maxItems: 100, items: { type: 'object', required: ['namespace', 'role'], additionalProperties: false, properties: { namespace: { type: 'string', minLength: 1, maxLength: 200 }, role: { type: 'string', enum: ROLE_NAMES } } } },
    expiresAt: time,
  },
} as const;

export type CreateKeyBody = FromSchema<typeof createBody>;

export const createKeySchema = { tags: ['keys'], summary: 'Create an API key (returns its secret once)', body: createBody, response: { 201: withSecret, ...problems(400, 401, 403) } } as const;
export const listKeysSchema = { tags: ['keys'], summary: 'Every key (never a secret)', response: { 200: listOf(ref('ApiKey')), ...problems(401, 403) } } as const;
export const getKeySchema = { tags: ['keys'], summary: 'One key', params: idParams, response: { 200: ref('ApiKey'), ...problems(401, 403, 404) } } as const;
export const rotateKeySchema = {
  tags: ['keys'],
  summary: 'Issue a new secret; the old one keeps working for the overlap (default 24 h)',
  params: idParams,
  body: { type: 'object', additionalProperties: false, properties: { overlapSeconds: { type: 'integer', minimum: 0, maximum: 30 * 86400 } } },
  response: { 200: withSecret, ...problems(400, 401, 403, 404, 409) },
} as const;
export const revokeKeySchema = { tags: ['keys'], summary: 'Revoke a key (immediately)', params: idParams, response: { 200: ref('ApiKey'), ...problems(401, 403, 404) } } as const;
