/**
 * CloudEvents 1.0 in and out (the `cloudevents` package validates): one JSON object, a batch array, or
 * binary mode over HTTP (`ce-*` headers, the body as `data`). Problems name the bad attribute.
 */
import { CloudEvent as CE, HTTP, ValidationError } from 'cloudevents';
import type { CloudEvent } from '../ports/index.js';
import { EVENT_ERROR_CODES, EventError } from './errors.js';

const MAX_BATCH = 1000;
const REQUIRED = ['id', 'source', 'type'] as const;

/**
 * The required attributes must be sent: the `cloudevents` package invents an `id` (a random UUID) when it
 * is missing, even in strict mode, which would defeat deduplication on (source, id).
 */
function requireAttributes(has: (name: string) => boolean, pointer: string): void {
  for (const name of REQUIRED) if (!has(name)) throw new EventError(EVENT_ERROR_CODES.invalid, `not a valid CloudEvent: the required attribute ${name} is missing`, { pointer: `${pointer}/${name}` });
}

/** Validates one structured event (a parsed JSON object) and returns it as plain JSON. */
export function toCloudEvent(raw: unknown, pointer = ''): CloudEvent {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new EventError(EVENT_ERROR_CODES.invalid, 'a CloudEvent is a JSON object', { pointer });
  const attrs = raw as Record<string, unknown>;
  if (attrs.specversion !== '1.0') throw new EventError(EVENT_ERROR_CODES.invalid, `specversion must be "1.0", got ${JSON.stringify(attrs.specversion ?? null)}`, { pointer: `${pointer}/specversion` });
  requireAttributes((name) => attrs[name] !== undefined && attrs[name] !== null, pointer);
  // The package decodes data_base64 with atob() and lets its DOMException (or a TypeError for a
  // non-string) escape: check it here, so that the sender gets a 400 naming the attribute.
  if (attrs.data_base64 !== undefined && (typeof attrs.data_base64 !== 'string' || !BASE64.test(attrs.data_base64.replace(/\s+/g, '')))) {
    throw new EventError(EVENT_ERROR_CODES.invalid, 'not a valid CloudEvent: data_base64 must be a base64 string', { pointer: `${pointer}/data_base64` });
  }
  try {
    // strict: the package otherwise accepts malformed attributes (it still fills in a missing `time`).
    const e = new CE(attrs as never, true);
    return plain(e);
  } catch (err) {
    if (err instanceof ValidationError || err instanceof TypeError) {
      const first = (err as ValidationError).errors?.[0] as { instancePath?: string; message?: string; params?: { missingProperty?: string } } | undefined;
      const missing = first?.params?.missingProperty;
      const ext = /^invalid extension name: ([^\s,]+)/.exec((err as Error).message)?.[1];
      // Point at the attribute: a missing one (ajv reports it on the parent) or a badly named extension.
      const where = missing ? `/${missing}` : ext ? `/${ext}` : (first?.instancePath ?? '');
      const detail = first ? `${where.slice(1) || 'event'} ${first.message ?? 'is invalid'}` : (err as Error).message.split('\n')[0];
      throw new EventError(EVENT_ERROR_CODES.invalid, `not a valid CloudEvent: ${detail}`, { pointer: `${pointer}${where}` }, { cause: err });
    }
    // Whatever else the package throws comes from the event it was given: the sender's fault, not ours.
    throw new EventError(EVENT_ERROR_CODES.invalid, `not a valid CloudEvent: ${(err as Error)?.message?.split('\n')[0] ?? String(err)}`, { pointer }, { cause: err });
  }
}

/** RFC 4648 base64 (standard alphabet, padded or not), as atob() accepts it. */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}(?:==)?|[A-Za-z0-9+/]{3}=?)?$/;

/** The event as plain JSON: defined attributes only, data kept as parsed JSON. */
function plain(e: CE<unknown>): CloudEvent {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(e.toJSON())) if (v !== undefined) out[k] = v;
  return out as unknown as CloudEvent;
}

/** One event, or a batch (an array), from a structured JSON body. */
export function fromStructured(body: unknown): CloudEvent[] {
  if (Array.isArray(body)) {
    if (body.length === 0) throw new EventError(EVENT_ERROR_CODES.invalid, 'an event batch needs at least one event', { pointer: '' });
    if (body.length > MAX_BATCH) throw new EventError(EVENT_ERROR_CODES.invalid, `an event batch holds at most ${MAX_BATCH} events, got ${body.length}`, { pointer: '' });
    return body.map((e, i) => toCloudEvent(e, `/${i}`));
  }
  return [toCloudEvent(body)];
}

/** Binary mode: attributes in `ce-*` headers, the body is `data` (JSON when the content type says so). */
export function fromBinary(headers: Record<string, string | string[] | undefined>, body: string): CloudEvent {
  const flat: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined) flat[k.toLowerCase()] = Array.isArray(v) ? v.join(',') : v;
  if (flat['ce-specversion'] !== '1.0') throw new EventError(EVENT_ERROR_CODES.invalid, 'binary mode needs ce-specversion: 1.0', { pointer: '/specversion' });
  requireAttributes((name) => Boolean(flat[`ce-${name}`]), '');
  try {
    const e = plain(HTTP.toEvent({ headers: flat, body }) as CE<unknown>) as Record<string, unknown>;
    // The binding replaces a malformed ce-time with the current time: validate the time as sent instead.
    if (flat['ce-time'] !== undefined) e.time = flat['ce-time'];
    // An empty body is an event without data, not one whose data is "".
    if (body === '') delete e.data;
    return toCloudEvent(e);
  } catch (err) {
    if (err instanceof EventError) throw err;
    throw new EventError(EVENT_ERROR_CODES.invalid, `not a valid CloudEvent: ${(err as Error).message.split('\n')[0]}`, { pointer: '' }, { cause: err });
  }
}
