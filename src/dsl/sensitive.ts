/**
 * Sensitive fields: a JSON Schema marks what must not be shown or stored in clear with
 * `x-weft-sensitive: true` (on a workflow's input or output schema, an event type's schema). Given a
 * schema and a value, `sensitive` masks the marked parts by path and collects their string leaves, so
 * that copies elsewhere (a `set` that moved a card number into its output) are masked by value too.
 * Followed: `properties`, `additionalProperties` (not `patternProperties`: a document's regex is not
 * run on every key of every view), `items`, `prefixItems`,
 * `allOf`/`anyOf`/`oneOf` (a branch's mark applies: better hidden once too often than shown once) and
 * local `$ref`s (`#/…`), each at most MAX_DEPTH deep.
 */
import { type Json, MIN_SECRET_LENGTH, REDACTED } from '../shared/index.js';

export const SENSITIVE_KEYWORD = 'x-weft-sensitive';
const MAX_DEPTH = 64;

type Schema = { [k: string]: Json };
const isObj = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Whether `schema` marks anything sensitive (cheap check before walking values). */
export function hasSensitive(schema: Json | undefined): boolean {
  return schema !== undefined && JSON.stringify(schema).includes(`"${SENSITIVE_KEYWORD}":true`);
}

export interface SensitiveParts {
  /** `value` with every marked part replaced by `***`. */
  masked: Json;
  /** The string leaves (and numbers, as text) of the marked parts, long enough to mask by value. */
  values: string[];
}

export function sensitive(schema: Json | undefined, value: Json): SensitiveParts {
  const values = new Set<string>();
  if (!isObj(schema) || !hasSensitive(schema)) return { masked: value, values: [] };
  const collect = (v: Json): void => {
    if (typeof v === 'string' || typeof v === 'number') {
      const s = String(v);
      if (s.length >= MIN_SECRET_LENGTH) values.add(s);
    } else if (Array.isArray(v)) v.forEach(collect);
    else if (isObj(v)) Object.values(v).forEach(collect);
  };
  const resolve = (s: Json): Json => {
    if (!isObj(s) || typeof s.$ref !== 'string' || !s.$ref.startsWith('#')) return s;
    let at: Json | undefined = schema;
    for (const part of s.$ref.slice(1).split('/').filter(Boolean)) at = isObj(at) ? at[part.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
    return at ?? {};
  };
  const walk = (raw: Json, v: Json, depth: number): Json => {
    const s = resolve(raw);
    if (!isObj(s) || depth > MAX_DEPTH) return v;
    if (s[SENSITIVE_KEYWORD] === true) {
      collect(v);
      return REDACTED;
    }
    let out = v;
    for (const k of ['allOf', 'anyOf', 'oneOf'] as const) {
      const list = s[k];
      if (Array.isArray(list)) for (const sub of list) out = walk(sub, out, depth + 1);
    }
    if (isObj(out)) {
      const props = isObj(s.properties) ? s.properties : {};
      const next: Schema = {};
      for (const [k, x] of Object.entries(out)) {
        if (Object.hasOwn(props, k)) next[k] = walk(props[k]!, x, depth + 1);
        else next[k] = s.additionalProperties !== undefined ? walk(s.additionalProperties, x, depth + 1) : x;
      }
      out = next;
    } else if (Array.isArray(out)) {
      const prefix = Array.isArray(s.prefixItems) ? s.prefixItems : [];
      out = out.map((x, i) => (i < prefix.length ? walk(prefix[i]!, x, depth + 1) : s.items !== undefined ? walk(s.items, x, depth + 1) : x));
    }
    return out;
  };
  const masked = walk(schema, value, 0);
  return { masked, values: [...values] };
}

/** A workflow's inline input and output schemas (`input.schema.document`, `output.schema.document`), if any. */
export function workflowSchemas(definition: Record<string, Json>): { input?: Json; output?: Json } {
  const doc = (k: 'input' | 'output'): Json | undefined => {
    const part = definition[k];
    const schema = isObj(part) ? part.schema : undefined;
    return isObj(schema) && isObj(schema.document) ? schema.document : undefined;
  };
  const input = doc('input');
  const output = doc('output');
  return { ...(input !== undefined ? { input } : {}), ...(output !== undefined ? { output } : {}) };
}
