/**
 * Webhooks: `POST /hooks/<path>` starts a workflow or invokes a function, declared by the workflow
 * (`document.metadata.webhook`) or the function (manifest `webhook`). Optional HMAC-SHA256 signature over
 * the raw body with a secret (`X-Hub-Signature-256: sha256=<hex>`, or `X-Weft-Signature`), optional JSON
 * Schema for the body. `respond: sync` answers with the run's (or function's) output, `async` with 202.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ValidateFunction } from 'ajv';
import { createAjv } from '../dsl/index.js';
import type { Json } from '../shared/index.js';
import type { SubscriptionTarget, Webhook } from '../ports/index.js';
import { EVENT_ERROR_CODES, EventError, violationPath } from './errors.js';
import { checkTarget } from './target.js';

export const PATH_PATTERN = /^[a-z0-9][a-z0-9._~-]{0,199}$/i;

/** The webhook a workflow or function declares, or undefined. */
export function webhookOf(declared: unknown, target: SubscriptionTarget, owner: string): Webhook | undefined {
  if (declared === undefined || declared === null) return undefined;
  if (typeof declared !== 'object' || Array.isArray(declared)) throw new EventError(EVENT_ERROR_CODES.config, `${owner}: webhook must be an object {path, secret?, schema?, respond?}`, { pointer: '/webhook' });
  const w = declared as Record<string, Json>;
  if (typeof w.path !== 'string' || !PATH_PATTERN.test(w.path) || w.path.includes('..')) {
    throw new EventError(EVENT_ERROR_CODES.config, `${owner}: webhook.path must be letters, digits and . _ ~ - (up to 200, no slashes), got ${JSON.stringify(w.path ?? null)}`, { pointer: '/webhook/path' });
  }
  if (w.secret !== undefined && (typeof w.secret !== 'string' || !/^[A-Za-z0-9_]+$/.test(w.secret))) throw new EventError(EVENT_ERROR_CODES.config, `${owner}: webhook.secret names a secret (letters, digits, _)`, { pointer: '/webhook/secret' });
  if (w.respond !== undefined && w.respond !== 'sync' && w.respond !== 'async') throw new EventError(EVENT_ERROR_CODES.config, `${owner}: webhook.respond is sync or async`, { pointer: '/webhook/respond' });
  if (w.schema !== undefined) compileSchema(w.schema);
  const t = typeof w.input === 'string' ? { ...target, input: w.input } : target;
  checkTarget(t);
  return { path: w.path, target: t, ...(w.secret ? { secret: w.secret as string } : {}), ...(w.schema !== undefined ? { schema: w.schema } : {}), respond: (w.respond as 'sync' | 'async') ?? 'sync', owner };
}

const ajv = createAjv({ allErrors: false, strict: false });
const compiled = new WeakMap<object, ValidateFunction>();

function compileSchema(schema: Json): ValidateFunction {
  if (schema === null || typeof schema !== 'object') throw new EventError(EVENT_ERROR_CODES.config, 'webhook.schema must be a JSON Schema object', { pointer: '/webhook/schema' });
  let v = compiled.get(schema);
  if (!v) {
    try {
      v = ajv.compile(schema);
    } catch (err) {
      throw new EventError(EVENT_ERROR_CODES.config, `webhook.schema does not compile: ${(err as Error).message}`, { pointer: '/webhook/schema' }, { cause: err });
    }
    compiled.set(schema, v);
  }
  return v;
}

/**
 * Checks the signature of `raw` (the body bytes as received) when the webhook names a secret. A secret may
 * have several accepted values (the vault's current version and, during its overlap window, the one
 * before): a signature by any of them passes. Returns which of them it was (its index; undefined when the
 * webhook names no secret), so the vault can note which version was used.
 */
export function verifySignature(w: Webhook, headers: Record<string, string | string[] | undefined>, raw: Buffer, secrets: Record<string, string | readonly string[]>): number | undefined {
  if (!w.secret) return undefined;
  const keys = secrets[w.secret];
  if (keys === undefined || keys.length === 0) throw new EventError(EVENT_ERROR_CODES.signature, `webhook ${w.path}: its secret ${w.secret} is not configured for it on this server (not set, or not granted to its namespace)`);
  const given = headers['x-hub-signature-256'] ?? headers['x-weft-signature'];
  const text = Array.isArray(given) ? given[0] : given;
  if (!text) throw new EventError(EVENT_ERROR_CODES.signature, `webhook ${w.path} needs a signature: X-Hub-Signature-256: sha256=<HMAC-SHA256 of the body, hex>`);
  const m = /^sha256=([0-9a-f]{64})$/i.exec(text.trim());
  const signed = m ? Buffer.from(m[1], 'hex') : undefined;
  const matches = (key: string) => signed !== undefined && timingSafeEqual(signed, createHmac('sha256', key).update(raw).digest());
  const index = (typeof keys === 'string' ? [keys] : keys).findIndex(matches);
  if (index < 0) throw new EventError(EVENT_ERROR_CODES.signature, `webhook ${w.path}: the signature does not match the body`);
  return index;
}

/** Validates the parsed body against the webhook's schema. */
export function checkBody(w: Webhook, body: Json): void {
  if (w.schema === undefined) return;
  const v = compileSchema(w.schema);
  if (v(body)) return;
  const first = v.errors?.[0];
  const path = violationPath(first);
  throw new EventError(EVENT_ERROR_CODES.schema, `webhook ${w.path}: the body is invalid at ${path || '/'}: ${first?.message ?? 'does not match the schema'}`, { pointer: path });
}
