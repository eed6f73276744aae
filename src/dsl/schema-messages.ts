/**
 * Readable messages for schema violations. ajv's own messages name keywords ("must match pattern
 * ^(0|[1-9]\d*)…", "must NOT have unevaluated properties"); authors need to know what to write instead.
 */
import type { ErrorObject } from 'ajv/dist/2020.js';
import { escapeToken, isObject } from './pointer.js';

/** One reduced schema violation: where, what, and the ajv keyword (used to rank `oneOf` branches). */
export interface Issue {
  pointer: string;
  message: string;
  keyword: string;
}

/** Patterns are described by the title of the schema that carries them. */
const PATTERNS: Record<string, string> = {
  WorkflowDSL: 'must be a DSL version such as 1.0.3',
  WorkflowVersion: 'must be a semantic version such as 1.0.0',
  WorkflowNamespace: 'must be 1 to 63 letters, digits or hyphens, starting and ending with a letter or digit',
  WorkflowName: 'must be 1 to 63 letters, digits or hyphens, starting and ending with a letter or digit',
  RuntimeExpression: 'must be a runtime expression ${ … }',
  DurationLiteral: 'must be an ISO 8601 duration such as PT30S',
  LiteralUriTemplate: 'must be an absolute URI such as https://example.com/pets/{id}',
  LiteralUri: 'must be an absolute URI such as https://example.com/pets/{id}',
  WithGRPCServiceHost: 'must be a host name',
};

/** Single-key wrappers around named things. */
const ENTRIES: Record<string, string> = {
  TaskItem: "a task list entry must have exactly one key, the task's name: - myTask: { … }",
  SwitchItem: "a switch entry must have exactly one key, the case's name: - myCase: { when: …, then: … }",
  ExtensionItem: "an extension entry must have exactly one key, the extension's name",
};

/** What a failed union expects, by the pointer of the schema holding the `oneOf`/`anyOf`. */
export const UNION_MESSAGES: Record<string, string> = {
  '/$defs/duration': 'must be a duration: an ISO 8601 string such as PT30S, a runtime expression, or an object of days, hours, minutes, seconds and milliseconds',
  '/$defs/endpoint': 'must be an endpoint: an absolute URI, a runtime expression, or an object { uri, authentication }',
  '/$defs/endpoint/oneOf/2/properties/uri': 'must be an absolute URI such as https://example.com/pets/{id}, or a runtime expression',
  '/$defs/uriTemplate': 'must be an absolute URI such as https://example.com/pets/{id}',
  '/$defs/flowDirective': 'must be continue, exit, end or the name of a task in the same list',
  '/properties/timeout': 'must be a timeout { after: <duration> } or the name of one in use.timeouts',
  '/$defs/taskBase/properties/timeout': 'must be a timeout { after: <duration> } or the name of one in use.timeouts',
  '/$defs/raiseTask/allOf/1/properties/raise/properties/error': 'must be an error { type, status, … } or the name of one in use.errors',
  '/$defs/tryTask/allOf/1/properties/catch/properties/retry': 'must be a retry policy or the name of one in use.retries',
  '/$defs/setTask/allOf/1/properties/set': 'must be a non-empty object or a runtime expression',
  '/$defs/input/properties/from': 'must be a runtime expression or an object',
  '/$defs/output/properties/as': 'must be a runtime expression or an object',
  '/$defs/export/properties/as': 'must be a runtime expression or an object',
  '/$defs/referenceableAuthenticationPolicy': 'must be an authentication policy (basic, bearer, digest, oauth2 or oidc) or { use: <name> } of one in use.authentications',
  '/$defs/authenticationPolicy': 'must define exactly one authentication scheme: basic, bearer, digest, oauth2 or oidc',
  '/$defs/eventConsumptionStrategy': 'must have exactly one of all, any or one',
  '/$defs/eventConsumptionStrategy/oneOf/1/properties/until': 'must be a runtime expression or an event consumption strategy (all, any or one)',
  '/$defs/retryPolicy/properties/backoff': 'must have exactly one of constant, exponential or linear',
  '/$defs/schema': 'must have either document or resource',
  '/$defs/runTask/allOf/1/properties/run': 'must have exactly one of container, script, shell or workflow',
  '/$defs/runTask/allOf/1/properties/run/oneOf/1/properties/script': 'must have either code or source',
  '/$defs/asyncApiMessageConsumptionPolicy': 'must have exactly one of amount, while or until',
  '/$defs/callTask/oneOf/0/allOf/1/properties/with': 'must have document, either operation or channel, and either message or subscription',
  '/$defs/callTask/oneOf/5/allOf/1/properties/with/properties/transport': 'must have exactly one of http or stdio',
  '/$defs/callTask/oneOf/2/allOf/1/properties/with/properties/headers': 'must be an object of strings or a runtime expression',
  '/$defs/callTask/oneOf/2/allOf/1/properties/with/properties/query': 'must be an object of strings or a runtime expression',
  '/$defs/callTask/oneOf/4/allOf/1/properties/with/properties/parameters': 'must be a non-empty object or a runtime expression',
  '/$defs/callTask/oneOf/5/allOf/1/properties/with/properties/parameters': 'must be an object or a runtime expression',
  '/$defs/error/properties/type': 'must be an absolute URI such as https://serverlessworkflow.io/spec/1.0.0/errors/runtime, or a runtime expression',
  '/$defs/error/properties/instance': 'must be a JSON pointer such as /do/0/myTask, or a runtime expression',
  '/$defs/error/properties/title': 'must be a string or a runtime expression',
  '/$defs/error/properties/detail': 'must be a string or a runtime expression',
  '/$defs/eventProperties/properties/source': 'must be an absolute URI or a runtime expression',
  '/$defs/eventProperties/properties/time': 'must be an RFC 3339 date-time or a runtime expression',
  '/$defs/eventProperties/properties/dataschema': 'must be an absolute URI or a runtime expression',
};

export function formatError(e: ErrorObject, at: string): Issue {
  const pointer = at + e.instancePath;
  const issue = (message: string, where = pointer): Issue => ({ pointer: where, message, keyword: e.keyword });
  const p = e.params as Record<string, any>;
  const title = isObject(e.parentSchema) && typeof e.parentSchema.title === 'string' ? e.parentSchema.title : '';
  switch (e.keyword) {
    case 'required':
      return issue(`missing required property '${p.missingProperty}'`);
    case 'unevaluatedProperties':
      return unknownProperty(pointer, p.unevaluatedProperty);
    case 'additionalProperties':
      return unknownProperty(pointer, p.additionalProperty);
    case 'type':
      return issue(`must be ${typeNames(p.type)}`);
    case 'const':
      return issue(`must be ${JSON.stringify(p.allowedValue)}`);
    case 'enum':
      return issue(`must be one of: ${(p.allowedValues as unknown[]).map((v) => String(v)).join(', ')}`);
    case 'pattern':
      return issue(PATTERNS[title] ?? `must match the pattern ${p.pattern}`);
    case 'format':
      return issue(`must be a valid ${p.format}`);
    case 'minProperties':
    case 'maxProperties':
      return issue(ENTRIES[title] ?? `must have ${e.keyword === 'minProperties' ? 'at least' : 'at most'} ${count(p.limit, 'property', 'properties')}`);
    case 'minItems':
      return issue(`must have at least ${count(p.limit, 'item', 'items')}`);
    case 'minLength':
      return issue(p.limit === 1 ? 'must not be empty' : `must have at least ${count(p.limit, 'character', 'characters')}`);
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return issue(`must be ${p.comparison} ${p.limit}`);
    case 'false schema':
    case 'not':
      return issue('is not allowed here');
    default:
      return issue(e.message ?? `violates ${e.keyword}`);
  }
}

export function unknownProperty(objectPointer: string, name: string): Issue {
  return { pointer: `${objectPointer}/${escapeToken(name)}`, message: `unknown property '${name}'`, keyword: 'unevaluatedProperties' };
}

function typeNames(type: string | string[]): string {
  const names = (Array.isArray(type) ? type : [type]).map((t) => (t === 'object' || t === 'array' || t === 'integer' ? `an ${t}` : `a ${t}`));
  return names.join(' or ');
}

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}
