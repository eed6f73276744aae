/**
 * A secret's value as typed in the studio: text, or a JSON object (structured credentials such as
 * {"username", "password"}). Pure (unit-tested). No message made here quotes the value or a part of it:
 * a JSON syntax error says where, never what (the engine's own messages quote the text).
 */
import { ApiProblem, type Problem } from '../../api/client.js';

export type ValueMode = 'text' | 'json';
export type SecretValue = string | Record<string, unknown>;
export type ParsedValue = { value: SecretValue } | { error: string };

/** The vault's limit: a value is at most 64 KiB as JSON (src/security/vault.ts). */
export const MAX_VALUE_BYTES = 64 * 1024;

export interface ValueStatus {
  empty: boolean;
  /** Why it cannot be sent (never quoting it). */
  error?: string;
  /** Worth a look but accepted, e.g. white space at an end of a pasted token. */
  warning?: string;
}

const bytes = (text: string) => new TextEncoder().encode(text).length;

/** Where a JSON.parse error is (line and column), read from the engine's message but never its quote. */
function jsonErrorPlace(message: string, text: string): string {
  const lc = /line (\d+) column (\d+)/.exec(message);
  if (lc) return ` at line ${lc[1]}, column ${lc[2]}`;
  const pos = /at position (\d+)/.exec(message);
  if (pos) {
    const before = text.slice(0, Number(pos[1])).split('\n');
    return ` at line ${before.length}, column ${before[before.length - 1].length + 1}`;
  }
  return '';
}

/** The value to send for `text` in `mode`, or why not. Text is sent as typed (nothing trimmed). */
export function parseSecretValue(text: string, mode: ValueMode): ParsedValue {
  if (mode === 'text') {
    if (text === '') return { error: 'enter a value' };
    return tooBig(JSON.stringify(text)) ?? { value: text };
  }
  if (text.trim() === '') return { error: 'enter a JSON object, e.g. {"username": "app", "password": "…"}' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    return { error: `not valid JSON${jsonErrorPlace(e instanceof Error ? e.message : '', text)}` };
  }
  if (parsed === null || typeof parsed !== 'object') return { error: `a JSON object ({…}) is needed, not ${parsed === null ? 'null' : `a ${typeof parsed}`}${typeof parsed === 'string' ? ': for plain text choose Text' : ''}` };
  if (Array.isArray(parsed)) return { error: 'a JSON object ({…}) is needed, not an array' };
  const value = parsed as Record<string, unknown>;
  return tooBig(JSON.stringify(value)) ?? { value };
}

function tooBig(json: string): { error: string } | undefined {
  const n = bytes(json);
  return n > MAX_VALUE_BYTES ? { error: `too long: a value is at most ${MAX_VALUE_BYTES} bytes as JSON, this one is ${n}` } : undefined;
}

/** What the field says while typing. */
export function valueStatus(text: string, mode: ValueMode): ValueStatus {
  if (mode === 'text' ? text === '' : text.trim() === '') return { empty: true };
  const parsed = parseSecretValue(text, mode);
  if ('error' in parsed) return { empty: false, error: parsed.error };
  if (mode === 'text' && text !== text.trim()) return { empty: false, warning: 'starts or ends with white space (a space or a line break), which is kept' };
  return { empty: false };
}

/**
 * The strings a message must not show once `value` was sent: the value (a string, or the object's JSON)
 * and, for an object, every string inside it, also as JSON escapes them. Shorter than 4 characters is
 * left alone (any text holds such a string; it is not a secret worth the name).
 */
export function sensitiveStrings(value: SecretValue): string[] {
  const out = new Set<string>();
  const add = (s: string) => {
    if (s.length < 4) return;
    out.add(s);
    const escaped = JSON.stringify(s).slice(1, -1);
    if (escaped !== s) out.add(escaped);
  };
  const walk = (v: unknown) => {
    if (typeof v === 'string') add(v);
    else if (v && typeof v === 'object') for (const x of Object.values(v)) walk(x);
  };
  if (typeof value === 'string') add(value);
  else {
    add(JSON.stringify(value));
    walk(value);
  }
  // Longest first, so that a part never leaves the rest of a longer one behind.
  return [...out].sort((a, b) => b.length - a.length);
}

const MASK = '•••';

function scrubText(text: string, hidden: string[]): string {
  return hidden.reduce((t, s) => t.split(s).join(MASK), text);
}

function scrubJson(v: unknown, hidden: string[]): unknown {
  if (typeof v === 'string') return scrubText(v, hidden);
  if (Array.isArray(v)) return v.map((x) => scrubJson(x, hidden));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, scrubJson(x, hidden)]));
  return v;
}

/**
 * An error to show after sending a value, with every sensitive string masked. The server's vault
 * messages never quote a value; this is the studio's own guarantee, whatever answers.
 */
export function scrubError(error: unknown, hidden: string[]): unknown {
  if (hidden.length === 0) return error;
  if (error instanceof ApiProblem) return new ApiProblem(scrubJson(error.problem, hidden) as Problem);
  if (error instanceof Error) return new Error(scrubText(error.message, hidden));
  return scrubText(String(error), hidden);
}
