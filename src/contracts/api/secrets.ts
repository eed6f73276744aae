/**
 * The secret vault's routes: a secret's metadata (never its value: no answer of the API carries one),
 * its versions, setting a new version, grants, deletion and the master-key rekey.
 */
import type { FromSchema } from 'json-schema-to-ts';
import { listOf, problems, ref, str, time, upTo } from './common.js';

const names = { type: 'array', items: str } as const;

export const SecretSchema = {
  $id: 'Secret',
  type: 'object',
  required: ['namespace', 'name', 'description', 'version', 'grants', 'createdAt', 'createdBy', 'updatedAt'],
  properties: {
    namespace: str,
    name: str,
    description: str,
    /** The current version: what reads get. */
    version: { type: 'integer' },
    previous: { type: 'object', required: ['version', 'until'], properties: { version: { type: 'integer' }, until: time }, description: 'the version before the current one, still readable until `until`' },
    grants: {
      type: 'object',
      required: ['namespaces', 'functions'],
      properties: { namespaces: { ...names, description: "other namespaces whose workflows may read it ('*': all)" }, functions: { ...names, description: "functions that may read it ('*': all)" } },
    },
    rotation: {
      type: 'object',
      required: ['everySeconds', 'function', 'nextAt'],
      properties: { everySeconds: { type: 'integer' }, function: str, nextAt: time },
      description: 'scheduled rotation: the function that produces the next version, how often, and when next',
    },
    createdAt: time,
    createdBy: str,
    updatedAt: time,
    rotatedAt: time,
  },
  additionalProperties: false,
} as const;

/** A secret as the API shows it: metadata only, times as ISO 8601. */
export type SecretView = FromSchema<typeof SecretSchema>;

const SecretVersion = {
  type: 'object',
  required: ['version', 'createdAt', 'createdBy', 'masterKeyId'],
  properties: { version: { type: 'integer' }, createdAt: time, createdBy: str, masterKeyId: { type: 'string', description: 'the fingerprint of the master key its data key is wrapped with' } },
  additionalProperties: false,
} as const;
export type SecretVersionView = FromSchema<typeof SecretVersion>;

const SecretUsage = {
  type: 'object',
  required: ['version', 'kind', 'reader', 'firstAt', 'lastAt', 'count'],
  properties: {
    version: { type: 'integer', description: 'the version that was read' },
    kind: { type: 'string', enum: ['workflow', 'function', 'webhook'] },
    reader: { type: 'string', description: 'who read it: a workflow as namespace/name:version, a function as name:version, a webhook as hooks/<path>' },
    firstAt: time,
    lastAt: time,
    count: { type: 'integer', description: 'how many reads (a run counts once, when its $secrets are handed out; a function at every ctx.secrets.get; a webhook at every call it verified with this version)' },
  },
  additionalProperties: false,
} as const;
/** Who read a version of a secret: never the value. */
export type SecretUsageView = FromSchema<typeof SecretUsage>;

const nsParams = { type: 'object', required: ['namespace'], properties: { namespace: upTo(63) } } as const;
const secretParams = { type: 'object', required: ['namespace', 'name'], properties: { namespace: upTo(63), name: upTo(128) } } as const;

const putBody = {
  type: 'object',
  required: ['value'],
  additionalProperties: false,
  properties: {
    value: {
      description: 'a string, or a JSON object such as {"username": …, "password": …}; never returned by the API',
      oneOf: [{ type: 'string', minLength: 1 }, { type: 'object' }],
    },
    description: { type: 'string', maxLength: 1000 },
    overlapSeconds: { type: 'integer', minimum: 0, maximum: 30 * 86400, description: 'how long the version it replaces stays readable (default 3600)' },
  },
} as const;
export type PutSecretBody = FromSchema<typeof putBody>;

const grantBody = {
  type: 'object',
  additionalProperties: false,
  properties: {
    namespaces: { type: 'array', maxItems: 100, items: { type: 'string', minLength: 1, maxLength: 63 } },
    functions: { type: 'array', maxItems: 100, items: { type: 'string', minLength: 1, maxLength: 63 } },
    revoke: { type: 'boolean', description: 'remove these grants instead of adding them' },
  },
} as const;
export type GrantSecretBody = FromSchema<typeof grantBody>;

const rotateBody = {
  type: 'object',
  required: ['function'],
  additionalProperties: false,
  properties: {
    function: { type: 'string', minLength: 1, maxLength: 200, description: 'the deployed function that produces the next value: name[:version|alias]; called with {namespace, name, version}' },
    overlapSeconds: { type: 'integer', minimum: 0, maximum: 30 * 86400 },
  },
} as const;
export type RotateSecretBody = FromSchema<typeof rotateBody>;

const scheduleBody = {
  type: 'object',
  required: ['everySeconds', 'function'],
  additionalProperties: false,
  properties: {
    everySeconds: { type: 'integer', minimum: 60, maximum: 366 * 86400, description: 'how often (the first rotation is this long from now)' },
    function: { type: 'string', minLength: 1, maxLength: 200, description: 'the rotation function: name[:version|alias], called with {namespace, name, version}' },
  },
} as const;
export type ScheduleRotationBody = FromSchema<typeof scheduleBody>;

const rekeyAnswer = { type: 'object', required: ['rewrapped', 'masterKeyId'], properties: { rewrapped: { type: 'integer' }, masterKeyId: str } } as const;
export type RekeyView = FromSchema<typeof rekeyAnswer>;

export const putSecretSchema = {
  tags: ['secrets'],
  summary: 'Store a new version of a secret (creates the secret at version 1); the answer is its metadata, never the value',
  params: secretParams,
  body: putBody,
  response: { 200: ref('Secret'), 201: ref('Secret'), ...problems(400, 401, 403, 409, 413, 503) },
} as const;
export const getSecretSchema = { tags: ['secrets'], summary: "A secret's metadata", params: secretParams, response: { 200: ref('Secret'), ...problems(401, 403, 404) } } as const;
export const listNamespaceSecretsSchema = { tags: ['secrets'], summary: "A namespace's secrets (metadata)", params: nsParams, response: { 200: listOf(ref('Secret')), ...problems(401, 403) } } as const;
export const listSecretsSchema = { tags: ['secrets'], summary: 'The secrets of every namespace the caller may read (metadata)', response: { 200: listOf(ref('Secret')), ...problems(401) } } as const;
export const secretVersionsSchema = { tags: ['secrets'], summary: "A secret's versions, newest first (never a value)", params: secretParams, response: { 200: listOf(SecretVersion), ...problems(401, 403, 404) } } as const;
export const deleteSecretSchema = { tags: ['secrets'], summary: 'Delete a secret and all its versions', params: secretParams, response: { 204: { type: 'null', description: 'deleted' }, ...problems(401, 403, 404) } } as const;
export const grantSecretSchema = { tags: ['secrets'], summary: 'Let other namespaces or functions read a secret (or, with revoke, stop them)', params: secretParams, body: grantBody, response: { 200: ref('Secret'), ...problems(400, 401, 403, 404) } } as const;
export const rotateSecretSchema = {
  tags: ['secrets'],
  summary: 'Rotate a secret with a function: its output becomes the next version (never returned); a CloudEvent dev.weft.secret.rotated tells who listens',
  params: secretParams,
  body: rotateBody,
  response: { 200: ref('Secret'), ...problems(400, 401, 403, 404, 408, 409, 500, 502, 503) },
} as const;
export const scheduleRotationSchema = {
  tags: ['secrets'],
  summary: 'Rotate a secret on a schedule with a function (a scheduler node rotates each due slot once)',
  params: secretParams,
  body: scheduleBody,
  response: { 200: ref('Secret'), ...problems(400, 401, 403, 404, 422) },
} as const;
export const secretUsageSchema = {
  tags: ['secrets'],
  summary: 'Who read which version of a secret (workflows, functions), with the first and last read and a count; newest version first. Reads are written every few seconds',
  params: secretParams,
  response: { 200: listOf(SecretUsage), ...problems(401, 403, 404) },
} as const;
export const unscheduleRotationSchema = { tags: ['secrets'], summary: "Stop a secret's scheduled rotation", params: secretParams, response: { 200: ref('Secret'), ...problems(401, 403, 404) } } as const;
export const vaultStatusSchema = {
  tags: ['secrets'],
  summary: 'Whether the vault is on (a master key is configured) and the master key ids in use',
  response: { 200: { type: 'object', required: ['enabled'], properties: { enabled: { type: 'boolean' }, masterKeyId: str, previousMasterKeyId: str } }, ...problems(401) },
} as const;
export const rekeySecretsSchema = {
  tags: ['secrets'],
  summary: 'Re-wrap every data key under the current master key (WEFT_MASTER_KEY), after WEFT_MASTER_KEY_PREVIOUS took the old one',
  response: { 200: rekeyAnswer, ...problems(401, 403, 500, 503) },
} as const;
