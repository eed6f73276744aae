/**
 * The event definitions a project keeps beside its workflows, one per file: an event type
 * (`*.event-type.yaml|json`: `{type, schema}`) and a subscription (`*.subscription.yaml|json`:
 * `{name, filter?, target, maxAttempts?}`). `weft dev` registers them through the API's checks; `weft
 * validate` checks a file the same way without a server (these functions), so a mistake shows before it
 * is loaded.
 */
import { subscriptionBody } from '../contracts/index.js';
import { createAjv } from '../dsl/index.js';
import type { Subscription } from '../ports/index.js';
import { EVENT_ERROR_CODES, EventError, violationPath } from './errors.js';
import { checkSubscription } from './routing.js';
import { checkTarget } from './target.js';

export const EVENT_TYPE_FILE = /\.event-type\.(ya?ml|json)$/i;
export const SUBSCRIPTION_FILE = /\.subscription\.(ya?ml|json)$/i;

/** A subscription's name: letters, digits and `. _ : / # -`, up to 200 (the API's rule). */
export const SUBSCRIPTION_NAME = /^[A-Za-z0-9][A-Za-z0-9._:/#-]{0,199}$/;

/** What is wrong with a definition, at a JSON pointer into its file. */
export interface DefinitionProblem {
  pointer: string;
  message: string;
  code: string;
}

const ajv = createAjv({ strict: false, allErrors: true });
const subscriptionShape = ajv.compile(subscriptionBody);

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const CONFIG = EVENT_ERROR_CODES.config;

/** Problems of an event type file's content (empty when `weft dev` would register it). */
export function checkEventTypeDefinition(doc: unknown): DefinitionProblem[] {
  if (!isObject(doc)) return [{ pointer: '', message: 'an event type file is an object: {type, schema}', code: CONFIG }];
  const problems: DefinitionProblem[] = [];
  if (typeof doc.type !== 'string' || !doc.type || doc.type.length > 200) problems.push({ pointer: '/type', message: 'type is the CloudEvents type, a string of 1 to 200 characters', code: CONFIG });
  if (!isObject(doc.schema) && typeof doc.schema !== 'boolean') problems.push({ pointer: '/schema', message: "schema is the JSON Schema the events' data must satisfy", code: CONFIG });
  else {
    try {
      ajv.compile(doc.schema);
    } catch (err) {
      problems.push({ pointer: '/schema', message: `the schema does not compile: ${(err as Error).message}`, code: CONFIG });
    }
  }
  for (const key of Object.keys(doc)) if (key !== 'type' && key !== 'schema') problems.push({ pointer: `/${key}`, message: `unknown field ${key} (an event type file holds type and schema)`, code: CONFIG });
  return problems;
}

/** Problems of a subscription file's content (empty when `weft dev` would register it). */
export function checkSubscriptionDefinition(doc: unknown): DefinitionProblem[] {
  if (!isObject(doc)) return [{ pointer: '', message: 'a subscription file is an object: {name, filter, target, maxAttempts}', code: CONFIG }];
  const { name, ...body } = doc;
  const problems: DefinitionProblem[] = [];
  if (typeof name !== 'string' || !SUBSCRIPTION_NAME.test(name)) problems.push({ pointer: '/name', message: 'name is letters, digits and . _ : / # - (up to 200)', code: CONFIG });
  if (!subscriptionShape(body)) {
    for (const e of subscriptionShape.errors ?? []) {
      // oneOf's own error repeats what its branches said.
      if (e.keyword === 'oneOf') continue;
      problems.push({ pointer: violationPath(e), message: e.message ?? 'invalid', code: CONFIG });
    }
    return problems;
  }
  // The shape is right: the target's input mapping and the filter's condition must compile (jq).
  try {
    checkTarget(body.target as Subscription['target']);
    checkSubscription({ name: String(name), filter: (body.filter ?? {}) as Subscription['filter'], target: body.target as Subscription['target'], createdAt: 0 });
  } catch (err) {
    if (!(err instanceof EventError)) throw err;
    problems.push({ pointer: err.extra.pointer ?? '', message: err.message, code: err.code });
  }
  return problems;
}
