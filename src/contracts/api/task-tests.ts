/**
 * Testing one task of a registered workflow version in isolation (`POST …/test-task`): the request with
 * the task's input, `$context` and mocked effect results, and the answer (output, effects, error).
 */
import type { FromSchema } from 'json-schema-to-ts';
import type { Json } from '../../shared/index.js';
import type { Problem } from '../problem.js';
import { anyJson, anyObject, problems, str, upTo } from './common.js';

/** Effect kinds a test may perform for real, through the platform's ports (the others only take mocks). */
export const TEST_REAL_KINDS = ['http', 'function', 'emit'] as const;
export type TestRealKind = (typeof TEST_REAL_KINDS)[number];

/** Every kind of effect an answer can list. */
export const EFFECT_KINDS = ['http', 'function', 'emit', 'subflow', 'timer', 'event', 'script'] as const;

const testTaskBody = {
  type: 'object',
  required: ['task'],
  properties: {
    task: { type: 'string', minLength: 1, maxLength: 1000, description: 'The task pointer, e.g. /do/2/charge or /do/1/retry/try/0/call' },
    input: { description: 'The task input, before its input.from (default {})' },
    context: { description: '$context as the task sees it (default null)' },
    variables: { type: 'object', additionalProperties: true, description: 'Variables in scope of a nested task: $item and $index of an enclosing for, the catch variable…' },
    mocks: {
      type: 'object',
      additionalProperties: true,
      description:
        'Effect results by effect key (root:0:/do/0/charge) or by the pointer of the task performing them: a value, {"error": <problem>} to fail it, {"each": [..]} for successive effects of one task, {"value": x} for a value of those shapes. HTTP: a response {status, headers, body}, or a body (status 200).',
    },
    real: {
      description: 'Effect kinds performed for real when not mocked (true: all of http, function, emit); default none',
      oneOf: [{ type: 'boolean' }, { type: 'array', items: { type: 'string', enum: TEST_REAL_KINDS }, uniqueItems: true }],
    },
  },
  additionalProperties: false,
} as const;

export type TestTaskBody = FromSchema<typeof testTaskBody>;

const effectSchema = {
  type: 'object',
  required: ['kind', 'key', 'pointer', 'mocked'],
  properties: {
    kind: { type: 'string', enum: EFFECT_KINDS },
    key: str,
    pointer: str,
    request: { description: 'What the effect asks for; for http: method, url, headers (authorization redacted), body' },
    mocked: { type: 'boolean' },
    real: { type: 'boolean' },
    pending: { type: 'boolean', description: 'No mock and not allowed real: the task stopped here' },
    result: anyJson,
    error: anyObject,
  },
  additionalProperties: false,
} as const;

export const testTaskAnswerSchema = {
  type: 'object',
  required: ['status', 'effects', 'transitions'],
  properties: {
    status: { type: 'string', enum: ['completed', 'faulted', 'pending'] },
    output: { description: 'The task output after its output.as' },
    context: { description: '$context after its export.as' },
    error: { ...anyObject, description: 'The problem the task faulted with' },
    effects: { type: 'array', items: effectSchema },
    transitions: { type: 'array', items: str, description: 'Pointers of the tasks entered, in order' },
  },
  additionalProperties: false,
} as const;

export interface TestEffectView {
  kind: (typeof EFFECT_KINDS)[number];
  key: string;
  pointer: string;
  request: Json;
  mocked: boolean;
  real?: boolean;
  pending?: boolean;
  result?: Json;
  error?: Problem;
}

/** The answer of a task test. */
export interface TestTaskView {
  status: 'completed' | 'faulted' | 'pending';
  output?: Json;
  context?: Json;
  error?: Problem;
  effects: TestEffectView[];
  transitions: string[];
}

export const testTaskSchema = {
  tags: ['workflows'],
  summary: 'Test one task of a workflow version in isolation, with mocked effects (nothing is stored)',
  description:
    'Runs the task (and the tasks nested in it) with the given input and $context. Its effects are answered from `mocks`, performed for real when `real` allows their kind, or else listed as pending (the task stops there). Needs run:start in the namespace.',
  params: { type: 'object', required: ['namespace', 'name'], properties: { namespace: upTo(200), name: upTo(200) } },
  querystring: { type: 'object', properties: { version: { type: 'string', minLength: 1, maxLength: 100 } }, additionalProperties: false },
  body: testTaskBody,
  response: { 200: testTaskAnswerSchema, ...problems(400, 401, 403, 404, 413) },
} as const;
