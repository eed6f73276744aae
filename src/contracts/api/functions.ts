/** Functions: versions, aliases, sources, invocations, and the schemas of the routes over them. */
import type { FromSchema } from 'json-schema-to-ts';
import { anyJson, anyObject, problems, ref, str, time, upTo } from './common.js';

export const FunctionSchema = {
  $id: 'Function',
  type: 'object',
  properties: { name: str, version: str, hash: str, size: { type: 'integer' }, createdAt: time, manifest: { type: 'object', additionalProperties: true } },
  additionalProperties: true,
} as const;

/** weft.json with its defaults applied, as answers carry it (the server's own type is stricter). */
export interface ManifestView {
  name: string;
  version: string;
  description?: string;
  input?: unknown;
  output?: unknown;
  memoryMb: number;
  timeoutMs: number;
  [k: string]: unknown;
}

/**
 * One deployed version: its content hash, bundle size and manifest. Written out rather than derived:
 * the `Function` schema leaves every member open (the server passes its stricter manifest type as `M`).
 */
export interface FunctionView<M = ManifestView> {
  name: string;
  version: string;
  hash: string;
  size: number;
  createdAt: string;
  manifest: M;
}

const route = { type: 'object', required: ['version', 'weight'], properties: { version: str, weight: { type: 'integer', minimum: 0, maximum: 100 } }, additionalProperties: false } as const;

export const AliasSchema = {
  $id: 'Alias',
  type: 'object',
  required: ['routes'],
  properties: { routes: { type: 'array', minItems: 1, maxItems: 2, items: route } },
  additionalProperties: true,
} as const;

/** An alias (`live`, `canary`…): one version, or two by weight (weights sum to 100). */
export interface AliasView {
  name: string;
  alias: string;
  routes: FromSchema<typeof route>[];
}

/** `GET /api/v1/functions`: a function with its versions (newest first) and aliases. */
export interface FunctionSummary {
  name: string;
  latest: string;
  description: string;
  versions: string[];
  aliases: AliasView[];
}

/** `GET /api/v1/functions/:name`: the summary and every version with its manifest, newest first. */
export interface FunctionDetail<M = ManifestView> extends FunctionSummary {
  versionsDetail: FunctionView<M>[];
}

/** One invocation as `GET …/logs` answers it (times as ISO 8601), newest first. */
export interface InvocationView {
  id: string;
  name: string;
  version: string;
  at: string;
  cold: boolean;
  queueMs: number;
  durationMs: number;
  memoryBytes?: number;
  ok: boolean;
  error?: unknown;
  logs: { at: string; level: string; message: string; fields?: unknown }[];
}

const nameParam = { type: 'object', required: ['name'], properties: { name: upTo(100) } } as const;

/** What a deploy sends (and a draft, with its input): the code, one module or several files, and the manifest. */
const sourceProperties = {
  manifest: { type: 'object', description: 'weft.json: name, version, input/output schemas, memoryMb, timeoutMs, …' },
  source: str,
  files: { type: 'object', additionalProperties: str, maxProperties: 200 },
  entry: upTo(300),
} as const;

const oneSource = [{ required: ['source'] }, { required: ['files'] }] as const;

export const deployFunctionSchema = {
  tags: ['functions'],
  summary: 'Deploy a version (source + manifest)',
  description: 'Bundles the code with esbuild into one immutable version. Identical code and manifest return the existing version (200); another version number with other content is a new version (201); the same version with other content is 409.',
  params: nameParam,
  body: { type: 'object', additionalProperties: false, properties: sourceProperties, oneOf: oneSource },
  response: { 200: ref('Function'), 201: ref('Function'), ...problems(400, 401, 403, 409, 413, 415) },
} as const;

const logLine = {
  type: 'object',
  required: ['at', 'level', 'message'],
  properties: { at: time, level: str, message: str, fields: anyJson },
} as const;

/** The record of a draft run: the same figures as a deployed call's (`…/logs`), never stored. */
const draftRecord = {
  type: 'object',
  description: 'The draft run: bundle hash, timing (always a cold start: a fresh isolate per draft) and log lines. Returned, never stored.',
  required: ['id', 'name', 'version', 'hash', 'at', 'cold', 'queueMs', 'durationMs', 'ok', 'logs'],
  properties: {
    id: str,
    name: str,
    version: str,
    hash: str,
    at: time,
    cold: { type: 'boolean' },
    queueMs: { type: 'number' },
    startMs: { type: 'number', description: 'Creating the isolate and loading the bundle (absent when the call failed)' },
    durationMs: { type: 'number' },
    memoryBytes: { type: 'integer' },
    ok: { type: 'boolean' },
    logs: { type: 'array', items: logLine },
  },
} as const;

const draftAnswer = {
  type: 'object',
  required: ['draft', 'output', 'invocation'],
  properties: { draft: { const: true }, output: { ...anyJson, description: 'The function output (any JSON)' }, invocation: draftRecord },
} as const;

/** `POST /api/v1/functions/:name/draft-invocations`: a draft run's output and record. */
export type DraftInvocationView = FromSchema<typeof draftAnswer>;

export const draftInvocationSchema = {
  tags: ['functions'],
  summary: 'Test-run edited code once without deploying it (a draft, never stored as a version)',
  description:
    "The deploy body plus `input`. The code is packaged as a deploy would (same manifest checks and build errors), run once in a fresh isolate under the same caps, egress policy, secrets and input/output schemas as a deployed version, and forgotten: no version, no alias change, no invocation record. The function need not be deployed yet; the manifest's name must be the path's. A failing function answers the problem a deployed version would (400 validation, 408 timeout, 500 runtime, 502 egress), with `draft: true` and, when the code ran, its `invocation` record and logs. 429: the node's draft runs are at their cap (WEFT_FN_MAX_DRAFTS) or it has no room for an instance.",
  params: nameParam,
  body: {
    type: 'object',
    additionalProperties: false,
    properties: { ...sourceProperties, input: { ...anyJson, description: 'The function input (any JSON; absent = null)' } },
    oneOf: oneSource,
  },
  response: { 200: draftAnswer, ...problems(400, 401, 403, 408, 413, 415, 429, 500, 502) },
} as const;

export const listFunctionsSchema = {
  tags: ['functions'],
  summary: 'Every function with its versions and aliases',
  response: { 200: { type: 'object', properties: { items: { type: 'array', items: anyObject } } }, ...problems(401, 403) },
} as const;

export const getFunctionSchema = {
  tags: ['functions'],
  summary: 'A function: versions (newest first, with manifests) and aliases',
  params: nameParam,
  response: { 200: anyObject, ...problems(401, 403, 404) },
} as const;

const functionSource = {
  type: 'object',
  required: ['name', 'version', 'entry', 'files'],
  properties: { name: str, version: str, entry: str, files: { type: 'object', additionalProperties: str } },
} as const;

/** The source files a version was deployed from: its own modules by relative path and the entry module. */
export type FunctionSourceView = FromSchema<typeof functionSource>;

export const functionSourceSchema = {
  tags: ['functions'],
  summary: 'The TypeScript/JavaScript source files a version was deployed from',
  description: "The function's own modules by relative path (npm packages and weft.json left out) and the entry module. 404 for an unknown function or version, and for a version deployed before sources were kept or whose sources were over 1 MB.",
  params: { type: 'object', required: ['name', 'version'], properties: { name: upTo(100), version: upTo(100) } },
  response: { 200: functionSource, ...problems(401, 403, 404) },
} as const;

export const functionLogsSchema = {
  tags: ['functions'],
  summary: 'The newest invocations: cold or warm, queue wait, duration, outcome, log lines',
  params: nameParam,
  querystring: { type: 'object', additionalProperties: false, properties: { limit: { type: 'integer', minimum: 1, maximum: 500 } } },
  response: { 200: { type: 'object', properties: { items: { type: 'array', items: anyObject } } }, ...problems(401, 403, 404) },
} as const;

export const setAliasSchema = {
  tags: ['functions'],
  summary: 'Point an alias at a version, or split it between two by weight (rollback = move it back)',
  params: { type: 'object', required: ['name', 'alias'], properties: { name: upTo(100), alias: upTo(100) } },
  body: {
    type: 'object',
    additionalProperties: false,
    properties: {
      version: upTo(100),
      routes: { type: 'array', minItems: 1, maxItems: 2, items: { type: 'object', required: ['version', 'weight'], additionalProperties: false, properties: { version: upTo(100), weight: { type: 'integer', minimum: 0, maximum: 100 } } } },
    },
    oneOf: [{ required: ['version'] }, { required: ['routes'] }],
  },
  response: { 200: ref('Alias'), ...problems(400, 401, 403, 404) },
} as const;

const invokeSchema = <P>(summary: string, params: P) =>
  ({
    tags: ['functions'],
    summary,
    description: 'Body = the function input (JSON), answer = its output. Errors: 400 validation, 408 timeout, 429 throttled (retry later), 500 runtime.',
    params,
    body: { description: 'The function input (any JSON; absent = null)' },
    headers: { type: 'object', properties: { 'idempotency-key': { type: 'string', minLength: 1, maxLength: 255 } } },
    response: { 200: { description: 'The function output (any JSON)' }, ...problems(400, 401, 403, 404, 408, 413, 415, 429, 500) },
  }) as const;

export const invokeFunctionSchema = {
  ...invokeSchema('Invoke a function (`?ref=` a version or alias; default: the live alias, else the newest version)', nameParam),
  querystring: { type: 'object', additionalProperties: false, properties: { ref: { type: 'string', minLength: 1, maxLength: 100 } } },
} as const;

export const invokeTargetSchema = invokeSchema('Invoke a function: /fn/<name>[:<version|alias>]', { type: 'object', required: ['target'], properties: { target: upTo(200) } } as const);
