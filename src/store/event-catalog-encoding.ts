/**
 * What every event catalog adapter (EventTypeStore, SubscriptionStore, WebhookStore) agrees on: event type schemas, subscriptions and webhooks are checked and
 * encoded when the call is made (a caller mutating its objects afterwards changes nothing stored) and kept
 * as JSON text, so they read back identically from both adapters. The store checks shapes only; what a
 * filter's condition or a target means is the events module's business.
 */
import type { Json } from '../shared/index.js';
import type { Subscription, SubscriptionTarget, Webhook } from '../ports/index.js';
import { checkTime, encodeJson } from './encoding.js';
import { invalid } from './errors.js';

export interface EncodedType {
  type: string;
  /** The schema as JSON text. */
  schema: string;
  updatedAt: number;
}

/** A subscription or a webhook: its key and the whole record as JSON text. */
export interface EncodedNamed {
  key: string;
  body: string;
}

export interface EventType {
  type: string;
  schema: Json;
  updatedAt: number;
}

function checkString(value: unknown, what: string, nonEmpty = true): string {
  if (typeof value !== 'string' || (nonEmpty && value === '')) throw invalid(`${what} must be a${nonEmpty ? ' non-empty' : ''} string`);
  return value;
}

function checkOptionalString(value: unknown, what: string): void {
  if (value !== undefined) checkString(value, what, false);
}

const isObject = (value: unknown): value is Record<string, unknown> => !!value && typeof value === 'object' && !Array.isArray(value);

export function encodeType(type: string, schema: Json, at: number): EncodedType {
  return { type: checkString(type, 'event type'), schema: encodeJson(schema, `schema of event type ${type}`), updatedAt: checkTime(at, 'event type updatedAt') };
}

export const decodeType = (row: EncodedType): EventType => ({ type: row.type, schema: JSON.parse(row.schema) as Json, updatedAt: row.updatedAt });

function checkTarget(target: SubscriptionTarget, what: string): void {
  if (!isObject(target)) throw invalid(`${what} target must be an object`);
  checkOptionalString(target.input, `${what} target input`);
  if ('workflow' in target) {
    const w = target.workflow;
    if (!isObject(w)) throw invalid(`${what} target workflow must be an object`);
    checkString(w.namespace, `${what} target workflow namespace`);
    checkString(w.name, `${what} target workflow name`);
    checkOptionalString(w.version, `${what} target workflow version`);
  } else if ('function' in target) {
    const f = target.function;
    if (!isObject(f)) throw invalid(`${what} target function must be an object`);
    checkString(f.name, `${what} target function name`);
    checkOptionalString(f.ref, `${what} target function ref`);
  } else {
    throw invalid(`${what} target must name a workflow or a function`);
  }
}

export function encodeSubscription(s: Subscription): EncodedNamed {
  if (!isObject(s)) throw invalid('subscription must be an object');
  const name = checkString(s.name, 'subscription name');
  if (!isObject(s.filter)) throw invalid(`subscription ${name} filter must be an object`);
  for (const field of ['type', 'source', 'subject', 'condition'] as const) checkOptionalString(s.filter[field], `subscription ${name} filter.${field}`);
  checkTarget(s.target, `subscription ${name}`);
  if (s.maxAttempts !== undefined && !(Number.isSafeInteger(s.maxAttempts) && s.maxAttempts > 0)) {
    throw invalid(`subscription ${name} maxAttempts must be a positive integer`);
  }
  checkTime(s.createdAt, `subscription ${name} createdAt`);
  return { key: name, body: encodeJson(s, `subscription ${name}`) };
}

export const decodeSubscription = (body: string): Subscription => JSON.parse(body) as Subscription;

export function encodeWebhook(w: Webhook): EncodedNamed {
  if (!isObject(w)) throw invalid('webhook must be an object');
  const path = checkString(w.path, 'webhook path');
  checkTarget(w.target, `webhook ${path}`);
  checkOptionalString(w.secret, `webhook ${path} secret`);
  if (w.respond !== 'sync' && w.respond !== 'async') throw invalid(`webhook ${path} respond must be sync or async`);
  checkString(w.owner, `webhook ${path} owner`);
  return { key: path, body: encodeJson(w, `webhook ${path}`) };
}

export const decodeWebhook = (body: string): Webhook => JSON.parse(body) as Webhook;

/** Checks the key of a get or delete (a non-string can name nothing, and is a caller's bug). */
export const checkKey = (key: unknown, what: string): string => checkString(key, what, false);
