/**
 * Events: CloudEvents ingest and browsing, event types, subscriptions, dead letters, webhooks. Events are
 * not namespaced: reading them takes a role on `*`.
 */
import type { FromSchema } from 'json-schema-to-ts';
import type { Json } from '../../shared/index.js';
import { anyJson, anyObject, listOf, nonEmpty, problems, str, upTo } from './common.js';

export const CloudEventSchema = {
  $id: 'CloudEvent',
  type: 'object',
  required: ['specversion', 'id', 'source', 'type'],
  properties: { specversion: str, id: str, source: str, type: str, time: str, subject: str, datacontenttype: str, data: anyJson },
  additionalProperties: true,
} as const;

export type CloudEventView = FromSchema<typeof CloudEventSchema>;

/** An event as stored: its sequence number in the log and when it was received. */
export interface EventView<E = CloudEventView> {
  seq: number;
  receivedAt: string;
  event: E;
}

export interface AcceptedEvent {
  id: string;
  source: string;
  seq: number;
  /** True when (source, id) was seen before: stored and delivered once. */
  duplicate: boolean;
}

export interface DeliveryView<E = CloudEventView> {
  id: string;
  subscription: string;
  status: 'pending' | 'done' | 'dead';
  attempts: number;
  dueAt: string;
  updatedAt: string;
  lastError?: Json;
  event: EventView<E>;
}

export interface EventTypeView {
  type: string;
  schema: Json;
  updatedAt: string;
}

const target = {
  type: 'object',
  description: '{workflow: {namespace, name, version?}} or {function: {name, ref?}}; `input`: a jq mapping of the event',
  additionalProperties: false,
  properties: {
    workflow: { type: 'object', required: ['namespace', 'name'], additionalProperties: false, properties: { namespace: nonEmpty(200), name: nonEmpty(200), version: nonEmpty(100) } },
    function: { type: 'object', required: ['name'], additionalProperties: false, properties: { name: nonEmpty(100), ref: nonEmpty(100) } },
    input: nonEmpty(2000),
  },
  oneOf: [{ required: ['workflow'] }, { required: ['function'] }],
} as const;

/** The body's schema: also what `weft validate` checks a `*.subscription.yaml` file against. */
export const subscriptionBody = {
  type: 'object',
  required: ['target'],
  additionalProperties: false,
  properties: {
    filter: { type: 'object', additionalProperties: false, properties: { type: nonEmpty(200), source: nonEmpty(1000), subject: nonEmpty(1000), condition: { type: 'string', maxLength: 2000, description: 'jq on the event' } } },
    target,
    maxAttempts: { type: 'integer', minimum: 1, maximum: 100 },
  },
} as const;

/** `PUT /api/v1/subscriptions/:name`: a filter and a target (a workflow to start or a function to invoke). */
export type SubscriptionBody = FromSchema<typeof subscriptionBody>;

export const publishEventsSchema = {
  tags: ['events'],
  summary: 'Publish CloudEvents: structured (one object), batch (an array), or binary mode (ce-* headers)',
  description: 'Each event is stored durably before the answer: 202 when something new was accepted, 200 when every event was a repeat (same source and id), which is not delivered again.',
  body: { description: 'A CloudEvent, an array of them, or (binary mode) the data', type: ['object', 'array', 'string', 'number', 'boolean', 'null'] },
  response: { 200: listOf(anyObject), 202: listOf(anyObject), ...problems(400, 401, 403, 413, 415) },
} as const;

export const listEventsSchema = {
  tags: ['events'],
  summary: 'Recent events, newest first (or, with `after`, the ones after that seq, oldest first)',
  querystring: { type: 'object', additionalProperties: false, properties: { type: nonEmpty(200), source: nonEmpty(1000), since: nonEmpty(40), after: { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER }, limit: { type: 'integer', minimum: 1, maximum: 1000 } } },
  response: { 200: listOf(anyObject), ...problems(400, 401, 403) },
} as const;

const typeParams = { type: 'object', required: ['type'], properties: { type: nonEmpty(200) } } as const;

// The schema body has no `type` here: Fastify's coercion would turn `[1]` into `true` (a schema that
// accepts everything) instead of refusing it. EventsService.putType compiles and checks it.
export const putEventTypeSchema = {
  tags: ['events'],
  summary: "Register (or replace) an event type's JSON Schema for `data`",
  params: typeParams,
  body: { description: 'A JSON Schema (an object or a boolean); checked by the service' },
  response: { 200: anyObject, 201: anyObject, ...problems(400, 401, 403) },
} as const;
export const listEventTypesSchema = { tags: ['events'], summary: 'Registered event types', response: { 200: listOf(anyObject), ...problems(401, 403) } } as const;
export const getEventTypeSchema = { tags: ['events'], summary: 'One event type', params: typeParams, response: { 200: anyObject, ...problems(401, 403, 404) } } as const;
export const deleteEventTypeSchema = { tags: ['events'], summary: 'Remove an event type (its events are no longer checked)', params: typeParams, response: { 204: { type: 'null' }, ...problems(401, 403, 404) } } as const;

const nameParams = { type: 'object', required: ['name'], properties: { name: nonEmpty(200) } } as const;

export const putSubscriptionSchema = {
  tags: ['events'],
  summary: 'Create or replace a subscription: a filter and a target (a workflow to start or a function to invoke)',
  params: nameParams,
  body: subscriptionBody,
  response: { 200: anyObject, 201: anyObject, ...problems(400, 401, 403) },
} as const;
export const listSubscriptionsSchema = { tags: ['events'], summary: 'Every subscription', response: { 200: listOf(anyObject), ...problems(401, 403) } } as const;
export const getSubscriptionSchema = { tags: ['events'], summary: 'One subscription', params: nameParams, response: { 200: anyObject, ...problems(401, 403, 404) } } as const;
export const deleteSubscriptionSchema = { tags: ['events'], summary: 'Remove a subscription', params: nameParams, response: { 204: { type: 'null' }, ...problems(401, 403, 404) } } as const;

export const deadLettersSchema = {
  tags: ['events'],
  summary: 'Deliveries that failed every attempt, newest first',
  querystring: { type: 'object', additionalProperties: false, properties: { limit: { type: 'integer', minimum: 1, maximum: 1000 } } },
  response: { 200: listOf(anyObject), ...problems(401, 403) },
} as const;
export const redriveSchema = {
  tags: ['events'],
  summary: 'Deliver a dead-lettered event again (attempts reset)',
  params: { type: 'object', required: ['id'], properties: { id: nonEmpty(500) } },
  response: { 200: anyObject, ...problems(401, 403, 404) },
} as const;

export const listWebhooksSchema = { tags: ['events'], summary: 'Declared webhooks (POST /hooks/<path>)', response: { 200: listOf(anyObject), ...problems(401, 403) } } as const;

export const callWebhookSchema = {
  tags: ['events'],
  summary: 'Call a webhook: starts its workflow or invokes its function with the body as input',
  description: 'Signed webhooks: X-Hub-Signature-256: sha256=<HMAC-SHA256 of the body>. `respond: sync` answers 200 with the output; `async` answers 202 with the run.',
  security: [{ apiKey: [] }, {}],
  params: { type: 'object', required: ['path'], properties: { path: upTo(200) } },
  body: { description: 'The input (JSON)' },
  response: { 200: { description: 'The output (any JSON)' }, 202: anyObject, ...problems(400, 401, 403, 404, 413, 415) },
} as const;
