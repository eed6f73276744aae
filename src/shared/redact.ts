/**
 * Redaction by value: every occurrence of a known secret value inside the strings of a JSON value is
 * replaced by `***`, wherever it was copied to (a `set` output, a log line, an error message, an event).
 * Used at the boundaries where stored data is shown (run views, run events, function logs). Values
 * shorter than MIN_SECRET_LENGTH are not searched for: masking every "a" or "1" would hide everything and
 * protect nothing.
 */
import type { Json } from './json.js';

export const REDACTED = '***';
export const MIN_SECRET_LENGTH = 4;

/** Masks `secrets` (strings, longest first so a secret containing another is masked whole) in `value`. */
export function redactValues<T extends Json>(value: T, secrets: readonly string[]): T {
  const needles = secrets.filter((s) => s.length >= MIN_SECRET_LENGTH);
  if (!needles.length) return value;
  needles.sort((a, b) => b.length - a.length);
  const text = (s: string): string => {
    let out = s;
    for (const n of needles) if (out.includes(n)) out = out.split(n).join(REDACTED);
    return out;
  };
  const walk = (v: Json): Json => {
    if (typeof v === 'string') return text(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') {
      const out: Record<string, Json> = {};
      for (const [k, x] of Object.entries(v)) out[text(k)] = walk(x);
      return out;
    }
    return v;
  };
  return walk(value) as T;
}

/**
 * Fields of a structured secret that name rather than prove (a basic-auth username, an OAuth2 client id,
 * authority, grant, scopes): not masked, or every view would hide common words such as a grant type.
 */
const PUBLIC_FIELDS = new Set(['username', 'user', 'id', 'authority', 'grant', 'scopes', 'audiences', 'issuers', 'endpoints', 'encoding', 'authentication', 'type', 'request']);

/** The string leaves of secret values (a structured secret's password, say), each a value to mask. */
export function secretStrings(values: Iterable<Json>): string[] {
  const out = new Set<string>();
  const add = (v: Json): void => {
    if (typeof v === 'string') {
      if (v.length >= MIN_SECRET_LENGTH) out.add(v);
    } else if (Array.isArray(v)) v.forEach(add);
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) if (!PUBLIC_FIELDS.has(k)) add(x);
  };
  for (const v of values) add(v);
  return [...out];
}

/** Whether any of `needles` occurs in a string (or an object key) inside `value`: what sealing looks for. */
export function containsAny(value: Json, needles: readonly string[]): boolean {
  if (!needles.length) return false;
  const hit = (s: string) => needles.some((n) => s.includes(n));
  const walk = (v: Json): boolean => {
    if (typeof v === 'string') return hit(v);
    if (Array.isArray(v)) return v.some(walk);
    if (v && typeof v === 'object') return Object.entries(v).some(([k, x]) => hit(k) || walk(x));
    return false;
  };
  return walk(value);
}
