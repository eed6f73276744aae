/**
 * Coded event errors, each with the HTTP status the gateway answers with and a problem type. Invalid
 * events and data that violates a registered schema are the DSL's `validation` errors.
 */
import { ErrorTypes, type ErrorFamily, type Problem, defineErrors, problemTypeOf } from '../contracts/index.js';
import type { Json } from '../shared/index.js';

const Event = defineErrors(
  'EventError',
  {
    /** Not a CloudEvent 1.0 (missing or malformed attributes, bad extension names, wrong encoding). */
    invalid: {
      code: 'WEFT_ERR_EVENT_INVALID',
      status: 400,
      title: 'Invalid event',
      type: ErrorTypes.validation,
      meaning: 'What was sent is not a CloudEvent 1.0: a required attribute (`id`, `source`, `specversion`, `type`) is missing or malformed, `specversion` is not "1.0", `data_base64` is not base64, or a batch is empty or too long; `pointer` names the place.',
      action: 'Send a structured-mode CloudEvent (a JSON object with `specversion: "1.0"`, `id`, `source`, `type`), a JSON array of them, or binary mode with `ce-*` headers.',
    },
    /** `data` violates the JSON Schema registered for the event's type. */
    schema: {
      code: 'WEFT_ERR_EVENT_SCHEMA',
      status: 400,
      title: 'Invalid event',
      type: ErrorTypes.validation,
      meaning: 'The event\'s `data` (or a webhook\'s body) does not satisfy the JSON Schema registered for it; `pointer` names the first place that fails.',
      action: 'Send data that matches the schema (`GET /api/v1/event-types/{type}` shows it), or register a new schema with `PUT /api/v1/event-types/{type}`.',
    },
    /** A subscription, webhook or schedule definition is malformed. */
    config: {
      code: 'WEFT_ERR_EVENT_CONFIG',
      status: 400,
      title: 'Invalid event',
      meaning: 'An event type, subscription, webhook or schedule definition is malformed: a bad name or path, a JSON Schema or jq condition or input mapping that does not compile, a target that is neither a workflow nor a function, a schedule without `every`, `cron`, `after` or `on`; `pointer` names the field.',
      action: 'Fix the field `pointer` names; `weft validate <file>` checks `*.event-type` and `*.subscription` files as `weft dev` loads them.',
    },
    /** A webhook's signature is missing or wrong. */
    signature: {
      code: 'WEFT_ERR_EVENT_SIGNATURE',
      status: 401,
      title: 'Invalid signature',
      type: ErrorTypes.authentication,
      meaning: 'A webhook that names a secret received a body without a valid signature, or its secret is not set on this server (or not granted to its namespace).',
      action: 'Sign the exact body with the secret: `X-Hub-Signature-256: sha256=<HMAC-SHA256 of the body, hex>`; the operator sets the secret as `WEFT_SECRET_<NAME>` and grants it with `WEFT_SECRET_GRANTS`.',
    },
    notFound: {
      code: 'WEFT_ERR_EVENT_NOT_FOUND',
      status: 404,
      title: 'Not found',
      meaning: 'The event type, subscription, dead-lettered delivery or webhook the request names does not exist.',
      action: 'Check the name: `GET /api/v1/event-types`, `/api/v1/subscriptions`, `/api/v1/dead-letters` and `/api/v1/webhooks` list what exists.',
    },
    /** A webhook path is taken by another workflow or function. */
    conflict: {
      code: 'WEFT_ERR_EVENT_CONFLICT',
      status: 409,
      title: 'Invalid event',
      meaning: 'The webhook path is already taken by another workflow or function.',
      action: 'Choose another `webhook.path`, or remove the webhook from its current owner first.',
    },
  },
  { defaultType: problemTypeOf },
);

export const EVENT_ERROR_CODES = Event.codes;

/** The events module's family, as the error catalog lists it. */
export const EVENT_ERRORS: ErrorFamily = Event;

export type EventErrorCode = (typeof EVENT_ERROR_CODES)[keyof typeof EVENT_ERROR_CODES];

export class EventError extends Event.Error {
  constructor(
    code: EventErrorCode,
    message: string,
    override readonly extra: { pointer?: string; [k: string]: Json | undefined } = {},
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
  }

  /**
   * The error as a problem, the shape the engine takes from a failed effect: an `emit` the bus refuses
   * (say, data against its type's schema) faults its task as a validation error, not a communication one.
   */
  get problem(): Problem {
    return this.toProblem() as Problem;
  }
}

/**
 * The JSON pointer of a schema violation (ajv's first error), relative to the validated value. A missing
 * property is reported by ajv on its parent: point at the property itself.
 */
export function violationPath(e: { instancePath?: string; keyword?: string; params?: Record<string, unknown> } | undefined): string {
  const base = e?.instancePath ?? '';
  const missing = e?.keyword === 'required' ? e.params?.missingProperty : undefined;
  return typeof missing === 'string' ? `${base}/${missing.replace(/~/g, '~0').replace(/\//g, '~1')}` : base;
}
